package dev.tributary.ingest.validation;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventJsonTest {

  @Test
  void shouldRejectDuplicateKeys() {
    assertThatThrownBy(() -> EventJson.parse(bytes("{\"user_id\":\"a\",\"user_id\":\"b\"}")))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void shouldRejectTrailingGarbage() {
    assertThatThrownBy(() -> EventJson.parse(bytes("{} {}"))).isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void shouldRejectEmptyBody() {
    assertThatThrownBy(() -> EventJson.parse(new byte[0])).isInstanceOf(JsonProcessingException.class);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
