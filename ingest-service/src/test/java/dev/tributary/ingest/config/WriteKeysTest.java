package dev.tributary.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WriteKeysTest {

  @Test
  void shouldMapEachKeyToItsSource() {
    WriteKeys keys = WriteKeys.parse("demo-key:demo, web-key : web");

    assertThat(keys.sourceOf("demo-key")).contains("demo");
    assertThat(keys.sourceOf("web-key")).contains("web");
  }

  @Test
  void shouldFindNoSourceForUnknownKey() {
    assertThat(WriteKeys.parse("demo-key:demo").sourceOf("other")).isEmpty();
  }

  @Test
  void shouldRejectEntryWithoutSource() {
    assertThatThrownBy(() -> WriteKeys.parse("demo-key:demo,secret-key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entry 2")
        .hasMessageNotContaining("secret-key");
  }

  @Test
  void shouldRejectRepeatedKey() {
    assertThatThrownBy(() -> WriteKeys.parse("k:a,k:b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectEmptySpec() {
    assertThatThrownBy(() -> WriteKeys.parse(" , ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldHideKeysInToString() {
    assertThat(WriteKeys.parse("secret-key:demo").toString()).doesNotContain("secret-key");
  }
}
