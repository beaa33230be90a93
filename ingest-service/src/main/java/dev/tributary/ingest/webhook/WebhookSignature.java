package dev.tributary.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a webhook delivery's signature the way payment providers sign theirs (Stripe's scheme):
 * the header {@value #HEADER} carries {@code t=<unix seconds>,v1=<hex>[,v1=<hex>...]}, each {@code v1}
 * being HMAC-SHA256 of {@code "<t>.<raw body>"} under one of the source's secrets. Several {@code v1}
 * entries (the sender signs with an old and a new secret while rotating) and several configured
 * secrets (the receiver accepts an old and a new one) are both allowed: one match of any pair suffices.
 * Digests are compared in constant time. The signature is checked before the timestamp, so a forged
 * request learns nothing about the clock; a genuine signature over a timestamp further than the
 * tolerance from now is refused as a replay (or a sender clock far off).
 *
 * <p>Pure (the caller passes "now"); immutable and thread-safe.
 */
public final class WebhookSignature {

  /** The request header carrying the signature. */
  public static final String HEADER = "Tributary-Signature";
  /** The signature scheme this verifier checks; other schemes in the header are ignored. */
  static final String SCHEME = "v1";
  private static final String ALGORITHM = "HmacSHA256";
  private static final int DIGEST_HEX_LENGTH = 64;

  /** Why a delivery was refused; {@link #code()} is the metric label and the answer's {@code rule}. */
  public enum Reason {
    /** No signature header. */
    MISSING("missing"),
    /** The header is not {@code t=<digits>,v1=<64 hex>...}. */
    MALFORMED("malformed"),
    /** No {@code v1} matches any configured secret: wrong secret, or the body or timestamp was altered. */
    MISMATCH("mismatch"),
    /** Signed, but the timestamp lies more than the tolerance before now (a replay, or a very late retry). */
    TIMESTAMP_TOO_OLD("timestamp_too_old"),
    /** Signed, but the timestamp lies more than the tolerance after now (the sender's clock is wrong). */
    TIMESTAMP_TOO_NEW("timestamp_too_new");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    /** The stable wire name. */
    public String code() {
      return code;
    }
  }

  /** The outcome of {@link #verify}. */
  public sealed interface Verdict permits Valid, Invalid {}

  /** The signature matched and the timestamp lies within the tolerance. */
  public record Valid(Instant signedAt) implements Verdict {}

  /** The delivery is refused, with a message for the sender that never shows a secret or an expected digest. */
  public record Invalid(Reason reason, String message) implements Verdict {}

  private final Duration tolerance;

  /** A verifier accepting timestamps within {@code tolerance} of now, either side. */
  public WebhookSignature(Duration tolerance) {
    this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
    if (tolerance.isNegative()) {
      throw new IllegalArgumentException("tolerance must not be negative: " + tolerance);
    }
  }

  /**
   * Verifies {@code header} (null when absent) over the raw {@code body} against any of {@code secrets}.
   */
  public Verdict verify(String header, byte[] body, List<byte[]> secrets, Instant now) {
    if (header == null || header.isBlank()) {
      return new Invalid(Reason.MISSING, "missing " + HEADER + " header; expected t=<unix seconds>,v1=<hex HMAC-SHA256>");
    }
    Parsed parsed = parse(header);
    if (parsed == null) {
      return new Invalid(Reason.MALFORMED, HEADER + " must be t=<unix seconds>,v1=<64 hex digits>[,v1=...]");
    }
    if (!matchesAny(parsed, body, secrets)) {
      return new Invalid(Reason.MISMATCH, "no " + SCHEME + " signature in " + HEADER
          + " matches HMAC-SHA256 of \"<t>.<body>\" under this source's secret");
    }
    Instant signedAt = Instant.ofEpochSecond(parsed.timestamp());
    if (signedAt.isBefore(now.minus(tolerance))) {
      return new Invalid(Reason.TIMESTAMP_TOO_OLD, "the signature's timestamp t is more than " + tolerance.toSeconds()
          + " s before the server clock (ingest.webhook.tolerance.ms); a replayed or very late delivery");
    }
    if (signedAt.isAfter(now.plus(tolerance))) {
      return new Invalid(Reason.TIMESTAMP_TOO_NEW, "the signature's timestamp t is more than " + tolerance.toSeconds()
          + " s after the server clock (ingest.webhook.tolerance.ms); check the sender's clock");
    }
    return new Valid(signedAt);
  }

  /** The hex HMAC-SHA256 of {@code "<t>.<body>"} under {@code secret}: what a sender puts in {@code v1}. */
  public static String sign(long unixSeconds, byte[] body, byte[] secret) {
    return HexFormat.of().formatHex(digest(unixSeconds, body, secret));
  }

  private static boolean matchesAny(Parsed parsed, byte[] body, List<byte[]> secrets) {
    boolean matched = false;
    for (byte[] secret : secrets) {
      byte[] expected = digest(parsed.timestamp(), body, secret);
      for (byte[] given : parsed.signatures()) {
        // no early exit: the time taken does not depend on which pair matched
        matched |= MessageDigest.isEqual(expected, given);
      }
    }
    return matched;
  }

  private static byte[] digest(long unixSeconds, byte[] body, byte[] secret) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
    }
  }

  private record Parsed(long timestamp, List<byte[]> signatures) {}

  /** The timestamp and the {@code v1} digests, or null when the header is malformed. */
  private static Parsed parse(String header) {
    Long timestamp = null;
    List<byte[]> signatures = new ArrayList<>();
    for (String part : header.split(",", -1)) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        return null;
      }
      String key = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String value = part.substring(eq + 1).strip();
      if (key.equals("t")) {
        if (timestamp != null || value.isEmpty() || value.length() > 12 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
          return null;
        }
        timestamp = Long.parseLong(value);
      } else if (key.equals(SCHEME)) {
        if (value.length() != DIGEST_HEX_LENGTH) {
          return null;
        }
        try {
          signatures.add(HexFormat.of().parseHex(value.toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
      // other schemes (v0, a future v2) are ignored, as Stripe's libraries do
    }
    return timestamp == null || signatures.isEmpty() ? null : new Parsed(timestamp, signatures);
  }
}
