package dev.tributary.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void shouldWriteNestedMapsListsAndScalars() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", 1);
    m.put("b", List.of(true, new BigDecimal("9.90")));
    m.put("c", Map.of("d", "x"));
    m.put("e", null);

    assertThat(Json.write(m)).isEqualTo("{\"a\":1,\"b\":[true,9.90],\"c\":{\"d\":\"x\"},\"e\":null}");
  }

  @Test
  void shouldEscapeQuotesBackslashesAndControlCharacters() {
    assertThat(Json.write(Arrays.asList("q\"b\\n\n\u0001"))).isEqualTo("[\"q\\\"b\\\\n\\n\\u0001\"]");
  }

  @Test
  void shouldRefuseUnknownTypes() {
    assertThatThrownBy(() -> Json.write(new Object())).isInstanceOf(IllegalArgumentException.class);
  }
}
