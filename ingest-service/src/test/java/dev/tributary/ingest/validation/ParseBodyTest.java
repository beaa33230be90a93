package dev.tributary.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.event.Rule;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ParseBodyTest {

  @Test
  void shouldParseUtf8Json() {
    assertThat(EventJson.parseBody(bytes("{\"event\":\"café ☕\"}"))).isInstanceOfSatisfying(ParsedBody.Json.class,
        j -> assertThat(j.node().get("event").textValue()).isEqualTo("café ☕"));
  }

  @Test
  void shouldSkipUtf8ByteOrderMark() {
    byte[] body = new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};

    assertThat(EventJson.parseBody(body)).isInstanceOf(ParsedBody.Json.class);
  }

  @Test
  void shouldRejectInvalidUtf8NamingOffset() {
    byte[] body = new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};

    assertThat(malformed(body)).satisfies(r -> {
      assertThat(r.rule()).isEqualTo(Rule.UTF8);
      assertThat(r.message()).contains("byte offset 6");
    });
  }

  @Test
  void shouldNameDuplicateKeyWithItsPath() {
    assertThat(malformed(bytes("{\"batch\":[{\"a\":{\"b\":1,\"b\":2}}]}"))).satisfies(r -> {
      assertThat(r.rule()).isEqualTo(Rule.DUPLICATE_KEY);
      assertThat(r.field()).isEqualTo("batch[0].a.b");
    });
  }

  @Test
  void shouldStopAtBodyNestingLimit() {
    String deep = "[".repeat(EventJson.MAX_BODY_DEPTH + 1) + "]".repeat(EventJson.MAX_BODY_DEPTH + 1);

    assertThat(malformed(bytes(deep)).rule()).isEqualTo(Rule.MAX_DEPTH);
    assertThat(EventJson.parseBody(bytes("[".repeat(EventJson.MAX_BODY_DEPTH) + "]".repeat(EventJson.MAX_BODY_DEPTH))))
        .isInstanceOf(ParsedBody.Json.class);
  }

  @Test
  void shouldRejectOverlongNumberLiteral() {
    assertThat(malformed(bytes("{\"n\":" + "1".repeat(EventJson.MAX_NUMBER_LENGTH + 1) + "}"))).satisfies(r -> {
      assertThat(r.rule()).isEqualTo(Rule.MAX_NUMBER);
      assertThat(r.field()).isEqualTo("n");
    });
  }

  @Test
  void shouldRejectEmptyAndTrailingData() {
    assertThat(malformed(new byte[0]).rule()).isEqualTo(Rule.JSON_SYNTAX);
    assertThat(malformed(bytes("{} []")).rule()).isEqualTo(Rule.JSON_SYNTAX);
  }

  private static ValidationResult.Rejected malformed(byte[] body) {
    ParsedBody parsed = EventJson.parseBody(body);
    assertThat(parsed).isInstanceOf(ParsedBody.Malformed.class);
    return ((ParsedBody.Malformed) parsed).reason();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
