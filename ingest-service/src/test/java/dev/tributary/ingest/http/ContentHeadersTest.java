package dev.tributary.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentHeadersTest {

  @ParameterizedTest
  @CsvSource(nullValues = "NULL", value = {
      "application/json,NULL", "application/json; charset=utf-8,gzip", "APPLICATION/JSON;charset=\"UTF-8\",identity",
      "text/plain;charset=UTF-8,NULL", "application/vnd.segment+json,x-gzip", "NULL,NULL", "'',''"})
  void shouldReadJsonInUtf8PlainOrGzip(String type, String encoding) {
    assertThat(ContentHeaders.problem(type, encoding)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(nullValues = "NULL", value = {
      "application/x-www-form-urlencoded,NULL,Content-Type", "multipart/form-data; boundary=x,NULL,Content-Type",
      "application/json; charset=utf-16,NULL,Content-Type", "application/json,br,Content-Encoding",
      "application/json,deflate,Content-Encoding"})
  void shouldAnswer415NamingTheHeader(String type, String encoding, String header) {
    assertThat(ContentHeaders.problem(type, encoding)).hasValueSatisfying(a -> {
      assertThat(a.status()).isEqualTo(415);
      assertThat(a.body().get("field").textValue()).isEqualTo(header);
      assertThat(a.body().get("error").textValue()).isEqualTo("unsupported_media_type");
    });
  }

  @Test
  void shouldRecogniseGzip() {
    assertThat(ContentHeaders.gzip("GZip")).isTrue();
    assertThat(ContentHeaders.gzip(null)).isFalse();
    assertThat(ContentHeaders.gzip("identity")).isFalse();
  }
}
