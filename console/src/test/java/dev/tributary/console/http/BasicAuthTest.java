package dev.tributary.console.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicAuthTest {

  private static String basic(String credentials) {
    return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldAcceptEverythingWithoutAPassword() {
    assertThat(BasicAuth.of("analyst", "").accepts(null)).isTrue();
  }

  @Test
  void shouldAcceptOnlyTheConfiguredCredentials() {
    BasicAuth auth = BasicAuth.of("analyst", "s3cret");
    assertThat(auth.accepts(basic("analyst:s3cret"))).isTrue();
    assertThat(auth.accepts(basic("analyst:wrong"))).isFalse();
    assertThat(auth.accepts(basic("other:s3cret"))).isFalse();
    assertThat(auth.accepts(null)).isFalse();
    assertThat(auth.accepts("Bearer s3cret")).isFalse();
    assertThat(auth.accepts("Basic not-base64!")).isFalse();
  }
}
