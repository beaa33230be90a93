package dev.tributary.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestBodyTest {

  private static final long LIMIT = 512_000;
  private static final byte[] JSON = "{\"event\":\"e\",\"userId\":\"u\"}".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"application/json", "application/x-www-form-urlencoded", "text/plain;charset=UTF-8",
      "text/html", "multipart/form-data; boundary=x", "application/octet-stream", "", "application/json; charset=utf8"})
  void shouldReadJsonWhateverItsContentType(String contentType) {
    assertThat(RequestBody.read(JSON, false, contentType, LIMIT)).isInstanceOfSatisfying(RequestBody.Json.class,
        j -> assertThat(j.node().get("event").textValue()).isEqualTo("e"));
  }

  @ParameterizedTest
  @CsvSource({"true,application/x-www-form-urlencoded", "false,application/x-www-form-urlencoded", "false,", "true,"})
  void shouldInflateGzipBodyDeclaredOrNot(boolean declared, String contentType) throws Exception {
    assertThat(RequestBody.read(GzipBodyTest.gzip(JSON), declared, contentType, LIMIT))
        .isInstanceOfSatisfying(RequestBody.Json.class, j -> assertThat(j.node().get("userId").textValue()).isEqualTo("u"));
  }

  @Test
  void shouldReadPlainJsonDeclaredGzip() {
    assertThat(RequestBody.read(JSON, true, "application/json", LIMIT)).isInstanceOf(RequestBody.Json.class);
  }

  @Test
  void shouldRefuseFormEncodedBodyWithTheParserMessage() {
    byte[] form = "event=e&userId=u".getBytes(StandardCharsets.UTF_8);

    assertThat(RequestBody.read(form, false, "application/x-www-form-urlencoded", LIMIT))
        .isInstanceOfSatisfying(RequestBody.Refused.class, r -> {
          assertThat(r.answer().status()).isEqualTo(400);
          assertThat(r.answer().body().get("error").textValue()).isEqualTo("malformed_json");
          assertThat(r.answer().body().get("rule").textValue()).isEqualTo("json_syntax");
          assertThat(r.answer().body().get("message").textValue()).startsWith("the body is not valid JSON: ")
              .contains("Unrecognized token 'event'");
          assertThat(r.reason()).isEqualTo("json_syntax");
        });
  }

  @Test
  void shouldRefuseDeclaredGzipThatIsNeitherGzipNorJsonAsMalformedGzip() {
    assertThat(RequestBody.read("event=e".getBytes(StandardCharsets.UTF_8), true, null, LIMIT))
        .isInstanceOfSatisfying(RequestBody.Refused.class, r -> {
          assertThat(r.answer().status()).isEqualTo(400);
          assertThat(r.answer().body().get("error").textValue()).isEqualTo("malformed_gzip");
          assertThat(r.answer().body().get("rule").textValue()).isEqualTo("gzip");
          assertThat(r.answer().body().get("message").textValue()).contains("1f 8b").contains("not valid JSON");
        });
  }

  @Test
  void shouldRefuseTruncatedGzipEvenWhenUndeclared() throws Exception {
    byte[] gz = GzipBodyTest.gzip(JSON);
    byte[] truncated = Arrays.copyOf(gz, gz.length - 12);

    assertThat(RequestBody.read(truncated, false, null, LIMIT)).isInstanceOfSatisfying(RequestBody.Refused.class, r -> {
      assertThat(r.answer().status()).isEqualTo(400);
      assertThat(r.answer().body().get("error").textValue()).isEqualTo("malformed_gzip");
      assertThat(r.answer().body().get("message").textValue()).startsWith("the body starts with the gzip magic bytes");
      assertThat(r.reason()).isEqualTo("gzip");
    });
  }

  @Test
  void shouldRefuseUndeclaredGzipBombAs413() throws Exception {
    assertThat(RequestBody.read(GzipBodyTest.gzip(new byte[2_000_000]), false, null, LIMIT))
        .isInstanceOfSatisfying(RequestBody.Refused.class, r -> {
          assertThat(r.answer().status()).isEqualTo(413);
          assertThat(r.reason()).isEqualTo("max_bytes");
        });
  }

  @Test
  void shouldReadAsciiBodyWhateverCharsetIsDeclared() {
    assertThat(RequestBody.read(JSON, false, "application/json; charset=ISO-8859-1", LIMIT))
        .isInstanceOf(RequestBody.Json.class);
  }

  @Test
  void shouldAnswer415WhenADeclaredForeignCharsetDecidesTheMeaning() {
    byte[] latin1 = "{\"event\":\"caf\u00e9\",\"userId\":\"u\"}".getBytes(StandardCharsets.ISO_8859_1);

    assertThat(RequestBody.read(latin1, false, "text/plain; charset=\"ISO-8859-1\"", LIMIT))
        .isInstanceOfSatisfying(RequestBody.Refused.class, r -> {
          assertThat(r.answer().status()).isEqualTo(415);
          assertThat(r.answer().body().get("field").textValue()).isEqualTo("Content-Type");
          assertThat(r.answer().body().get("message").textValue()).contains("charset=iso-8859-1");
          assertThat(r.reason()).isEqualTo("charset");
        });
  }

  @Test
  void shouldAnswer415ForUtf16BodyDeclaredAsSuch() {
    byte[] utf16 = "{\"event\":\"e\",\"userId\":\"u\"}".getBytes(StandardCharsets.UTF_16LE);

    assertThat(RequestBody.read(utf16, false, "application/json; charset=utf-16le", LIMIT))
        .isInstanceOfSatisfying(RequestBody.Refused.class, r -> assertThat(r.answer().status()).isEqualTo(415));
  }

  @Test
  void shouldRefuseNonUtf8BodyWithoutDeclaredCharsetAsUtf8Rule() {
    byte[] latin1 = "{\"event\":\"caf\u00e9\",\"userId\":\"u\"}".getBytes(StandardCharsets.ISO_8859_1);

    assertThat(RequestBody.read(latin1, false, "application/x-www-form-urlencoded", LIMIT))
        .isInstanceOfSatisfying(RequestBody.Refused.class, r -> {
          assertThat(r.answer().status()).isEqualTo(400);
          assertThat(r.answer().body().get("rule").textValue()).isEqualTo("utf8");
        });
  }

  @Test
  void shouldRecogniseGzipOnlyByBothMagicBytes() {
    assertThat(RequestBody.isGzip(new byte[] {0x1f, (byte) 0x8b, 8})).isTrue();
    assertThat(RequestBody.isGzip(new byte[] {0x1f})).isFalse();
    assertThat(RequestBody.isGzip(new byte[] {0x1f, 0x00})).isFalse();
    assertThat(RequestBody.isGzip(JSON)).isFalse();
  }
}
