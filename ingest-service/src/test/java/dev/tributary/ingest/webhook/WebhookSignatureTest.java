package dev.tributary.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.ingest.webhook.WebhookSignature.Invalid;
import dev.tributary.ingest.webhook.WebhookSignature.Reason;
import dev.tributary.ingest.webhook.WebhookSignature.Valid;
import dev.tributary.ingest.webhook.WebhookSignature.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSignatureTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final long T = NOW.getEpochSecond();
  private static final byte[] SECRET = bytes("whsec_current");
  private static final byte[] OLD_SECRET = bytes("whsec_previous");
  private static final byte[] BODY = bytes("{\"id\":\"evt_1\",\"type\":\"invoice.paid\"}");

  private final WebhookSignature verifier = new WebhookSignature(Duration.ofSeconds(300));

  @Test
  void shouldAcceptValidSignature() {
    Verdict verdict = verify(header(T, sign(T, BODY, SECRET)), BODY, SECRET);

    assertThat(verdict).isEqualTo(new Valid(NOW));
  }

  @Test
  void shouldSignWhatOpensslComputesForTimestampDotBody() {
    // printf '%s' '1748779200.{}' | openssl dgst -sha256 -hmac 'k' -hex   (the docs' curl example does the same)
    assertThat(WebhookSignature.sign(1748779200L, bytes("{}"), bytes("k")))
        .isEqualTo("d57070d8d2b7e25d315ea58815b5aa99618fdd968f7b43df73f5bd289d241b5a");
  }

  @Test
  void shouldRefuseSignatureUnderWrongSecret() {
    Verdict verdict = verify(header(T, sign(T, BODY, bytes("someone-else"))), BODY, SECRET);

    assertThat(reason(verdict)).isEqualTo(Reason.MISMATCH);
  }

  @Test
  void shouldRefuseTamperedBody() {
    byte[] tampered = bytes("{\"id\":\"evt_1\",\"type\":\"invoice.refunded\"}");

    Verdict verdict = verify(header(T, sign(T, BODY, SECRET)), tampered, SECRET);

    assertThat(reason(verdict)).isEqualTo(Reason.MISMATCH);
  }

  @Test
  void shouldRefuseTamperedTimestamp() {
    Verdict verdict = verify(header(T + 1, sign(T, BODY, SECRET)), BODY, SECRET);

    assertThat(reason(verdict)).isEqualTo(Reason.MISMATCH);
  }

  @Test
  void shouldRefuseStaleTimestampEvenWhenSigned() {
    long stale = T - 301;

    Verdict verdict = verify(header(stale, sign(stale, BODY, SECRET)), BODY, SECRET);

    assertThat(reason(verdict)).isEqualTo(Reason.TIMESTAMP_TOO_OLD);
    assertThat(((Invalid) verdict).message()).contains("ingest.webhook.tolerance.ms").contains("300 s");
  }

  @Test
  void shouldAcceptTimestampAtEdgeOfTolerance() {
    long edge = T - 300;

    assertThat(verify(header(edge, sign(edge, BODY, SECRET)), BODY, SECRET)).isInstanceOf(Valid.class);
  }

  @Test
  void shouldRefuseFutureTimestampBeyondTolerance() {
    long future = T + 301;

    Verdict verdict = verify(header(future, sign(future, BODY, SECRET)), BODY, SECRET);

    assertThat(reason(verdict)).isEqualTo(Reason.TIMESTAMP_TOO_NEW);
  }

  @Test
  void shouldReportMismatchRatherThanStalenessForForgedStaleDelivery() {
    long stale = T - 3600;

    Verdict verdict = verify(header(stale, sign(stale, BODY, bytes("forger"))), BODY, SECRET);

    assertThat(reason(verdict)).isEqualTo(Reason.MISMATCH);
  }

  @Test
  void shouldAcceptAnyOfSeveralV1EntriesWhileSenderRotates() {
    String header = "t=" + T + ",v1=" + sign(T, BODY, bytes("whsec_new_on_sender")) + ",v1=" + sign(T, BODY, SECRET);

    assertThat(verify(header, BODY, SECRET)).isInstanceOf(Valid.class);
  }

  @Test
  void shouldAcceptSignatureUnderOlderConfiguredSecretWhileReceiverRotates() {
    Verdict verdict = verifier.verify(header(T, sign(T, BODY, OLD_SECRET)), BODY, List.of(SECRET, OLD_SECRET), NOW);

    assertThat(verdict).isInstanceOf(Valid.class);
  }

  @Test
  void shouldIgnoreOtherSchemesAndAcceptUpperCaseHexAndSpaces() {
    String header = "t=" + T + ", v0=abc, v1=" + sign(T, BODY, SECRET).toUpperCase(Locale.ROOT);

    assertThat(verify(header, BODY, SECRET)).isInstanceOf(Valid.class);
  }

  @Test
  void shouldRefuseMissingHeader() {
    assertThat(reason(verify(null, BODY, SECRET))).isEqualTo(Reason.MISSING);
    assertThat(reason(verify("  ", BODY, SECRET))).isEqualTo(Reason.MISSING);
  }

  @ParameterizedTest
  @ValueSource(strings = {"garbage", "t=123", "v1=00", "t=abc,v1=SIG", "t=-5,v1=SIG", "t=1,t=2,v1=SIG",
      "t=1,v1=abc", "t=1,v1=zz00000000000000000000000000000000000000000000000000000000000000", "t=1,v1=SIG,",
      "t=,v1=SIG", "t=99999999999999999999,v1=SIG"})
  void shouldRefuseMalformedHeader(String header) {
    String withSig = header.replace("SIG", sign(T, BODY, SECRET));

    assertThat(reason(verify(withSig, BODY, SECRET))).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void shouldNeverShowSecretOrExpectedDigestInMessage() {
    Invalid invalid = (Invalid) verify(header(T, sign(T, BODY, bytes("x"))), BODY, SECRET);

    assertThat(invalid.message()).doesNotContain("whsec_current").doesNotContain(sign(T, BODY, SECRET));
  }

  private Verdict verify(String header, byte[] body, byte[] secret) {
    return verifier.verify(header, body, List.of(secret), NOW);
  }

  private static Reason reason(Verdict verdict) {
    assertThat(verdict).isInstanceOf(Invalid.class);
    return ((Invalid) verdict).reason();
  }

  static String header(long t, String v1) {
    return "t=" + t + ",v1=" + v1;
  }

  static String sign(long t, byte[] body, byte[] secret) {
    return WebhookSignature.sign(t, body, secret);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
