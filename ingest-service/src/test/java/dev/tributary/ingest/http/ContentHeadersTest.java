package dev.tributary.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentHeadersTest {

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "identity", "gzip", "GZip", " x-gzip "})
  void shouldReadIdentityAndGzipEncodings(String encoding) {
    assertThat(ContentHeaders.problem(encoding)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"br", "deflate", "compress", "gzip, br", "gzip\u0001"})
  void shouldAnswer415NamingContentEncodingForWrappingItCannotUndo(String encoding) {
    assertThat(ContentHeaders.problem(encoding)).hasValueSatisfying(a -> {
      assertThat(a.status()).isEqualTo(415);
      assertThat(a.body().get("field").textValue()).isEqualTo("Content-Encoding");
      assertThat(a.body().get("error").textValue()).isEqualTo("unsupported_media_type");
      assertThat(a.body().get("message").textValue()).matches("[\\x20-\\x7e]+");
    });
  }

  @Test
  void shouldRecogniseDeclaredGzip() {
    assertThat(ContentHeaders.gzip("GZip")).isTrue();
    assertThat(ContentHeaders.gzip(null)).isFalse();
    assertThat(ContentHeaders.gzip("identity")).isFalse();
  }
}
