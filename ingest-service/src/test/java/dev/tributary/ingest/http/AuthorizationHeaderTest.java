package dev.tributary.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuthorizationHeaderTest {

  @Test
  void shouldReadBearerKey() {
    assertThat(AuthorizationHeader.writeKey("Bearer demo-key")).contains("demo-key");
  }

  @Test
  void shouldReadBearerSchemeCaseInsensitively() {
    assertThat(AuthorizationHeader.writeKey("bearer  demo-key ")).contains("demo-key");
  }

  @Test
  void shouldReadBasicUserNameAsKeyWithEmptyPassword() {
    assertThat(AuthorizationHeader.writeKey("Basic " + basic("demo-key:"))).contains("demo-key");
  }

  @Test
  void shouldReadBasicUserNameWithoutColon() {
    assertThat(AuthorizationHeader.writeKey("Basic " + basic("demo-key"))).contains("demo-key");
  }

  @Test
  void shouldIgnoreBasicPassword() {
    assertThat(AuthorizationHeader.writeKey("Basic " + basic("demo-key:whatever"))).contains("demo-key");
  }

  @Test
  void shouldFindNoKeyInBasicWithEmptyUser() {
    assertThat(AuthorizationHeader.writeKey("Basic " + basic(":secret"))).isEmpty();
  }

  @Test
  void shouldFindNoKeyInInvalidBase64() {
    assertThat(AuthorizationHeader.writeKey("Basic %%%")).isEmpty();
  }

  @Test
  void shouldFindNoKeyWithoutHeader() {
    assertThat(AuthorizationHeader.writeKey(null)).isEmpty();
  }

  @Test
  void shouldFindNoKeyInUnknownScheme() {
    assertThat(AuthorizationHeader.writeKey("Digest demo-key")).isEmpty();
  }

  @Test
  void shouldFindNoKeyInBareValue() {
    assertThat(AuthorizationHeader.writeKey("demo-key")).isEmpty();
  }

  private static String basic(String userAndPassword) {
    return Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
  }
}
