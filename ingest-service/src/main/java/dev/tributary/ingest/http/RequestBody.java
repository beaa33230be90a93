package dev.tributary.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.ingest.validation.EventJson;
import dev.tributary.ingest.validation.ParsedBody;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a request body by judging the bytes, not the headers: lenient about the wrapping, strict
 * about the meaning. Segment-style SDKs in the wild send gzipped JSON labelled
 * {@code application/x-www-form-urlencoded}, or with no content type at all, and Segment accepts
 * them; so does the collector:
 *
 * <ul>
 *   <li>The {@code Content-Type} media type is ignored: a body that is JSON is read whatever it is
 *       labelled, and a body that is not JSON is refused with the parser's message (400
 *       {@code malformed_json}), whatever it is labelled.
 *   <li>A body starting with the gzip magic bytes {@code 1f 8b} is inflated, declared or not (no
 *       JSON text can start with byte {@code 1f}, so this never misreads JSON); one declared gzip
 *       that is plain JSON is read as plain JSON. A declared-gzip body that is neither gets 400
 *       {@code malformed_gzip}.
 *   <li>A declared {@code charset} other than UTF-8 is the one header that can change what the bytes
 *       mean; such a body is read only when it is plain ASCII (where every such charset agrees with
 *       UTF-8), else refused with 415 naming the charset.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class RequestBody {

  /** What reading the body produced. */
  public sealed interface Result permits Json, Refused {}

  /** The body's one JSON value. */
  public record Json(JsonNode node) implements Result {}

  /**
   * The answer that refuses the body, and the reason counted in {@code ingest_events_rejected_total}.
   */
  public record Refused(Answer answer, String reason) implements Result {}

  private static final byte GZIP_MAGIC_1 = 0x1f;
  private static final byte GZIP_MAGIC_2 = (byte) 0x8b;

  private RequestBody() {}

  /**
   * Reads {@code raw}, inflating it to at most {@code limitBytes} when it is gzip.
   *
   * @param declaredGzip whether the request said {@code Content-Encoding: gzip}
   * @param contentType the {@code Content-Type} header, or null; only its charset matters
   */
  public static Result read(byte[] raw, boolean declaredGzip, String contentType, long limitBytes) {
    boolean gzip = isGzip(raw);
    byte[] bytes = raw;
    if (gzip) {
      GzipBody.Result inflated = GzipBody.inflate(raw, limitBytes);
      if (inflated instanceof GzipBody.TooLarge) {
        return new Refused(Answers.inflatedTooLarge(limitBytes), "max_bytes");
      }
      if (inflated instanceof GzipBody.Corrupt corrupt) {
        return new Refused(Answers.corruptGzip((declaredGzip ? "the body is declared Content-Encoding: gzip"
            : "the body starts with the gzip magic bytes 1f 8b") + " but cannot be decompressed: " + corrupt.reason()),
            "gzip");
      }
      bytes = ((GzipBody.Inflated) inflated).bytes();
    }
    Optional<String> charset = foreignCharset(contentType);
    if (charset.isPresent() && !plainAscii(bytes)) {
      return new Refused(Answers.unsupportedMedia("Content-Type", "the body is declared charset=" + charset.get()
          + " and is not plain ASCII, so its meaning depends on that charset; send UTF-8 (charset=utf-8)"), "charset");
    }
    ParsedBody parsed = EventJson.parseBody(bytes);
    if (parsed instanceof ParsedBody.Malformed malformed) {
      if (declaredGzip && !gzip) {
        return new Refused(Answers.corruptGzip("the body is declared Content-Encoding: gzip but does not start with"
            + " the gzip magic bytes 1f 8b, and it is not plain JSON either: " + malformed.reason().message()), "gzip");
      }
      return new Refused(Answers.malformed(malformed.reason()), malformed.reason().rule().code());
    }
    return new Json(((ParsedBody.Json) parsed).node());
  }

  /** Whether {@code bytes} start with the gzip magic number (RFC 1952). */
  static boolean isGzip(byte[] bytes) {
    return bytes.length >= 2 && bytes[0] == GZIP_MAGIC_1 && bytes[1] == GZIP_MAGIC_2;
  }

  /**
   * The charset the {@code Content-Type} declares when it is not UTF-8 (or its subset US-ASCII), in
   * lower case and printable; empty when none is declared.
   */
  static Optional<String> foreignCharset(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    String[] parts = contentType.split(";");
    for (int i = 1; i < parts.length; i++) {
      String param = parts[i].strip().toLowerCase(Locale.ROOT);
      if (param.startsWith("charset=")) {
        String charset = param.substring("charset=".length()).replace("\"", "").strip();
        boolean utf8 = charset.equals("utf-8") || charset.equals("utf8") || charset.equals("us-ascii")
            || charset.equals("ascii");
        return utf8 ? Optional.empty() : Optional.of(ContentHeaders.printable(charset));
      }
    }
    return Optional.empty();
  }

  /** True when every byte is a non-NUL 7-bit character, which every ASCII-compatible charset reads alike. */
  private static boolean plainAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b <= 0) {
        return false;
      }
    }
    return true;
  }
}
