package dev.tributary.ingest.http;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which request bodies the collector reads, judged from the headers before the body is read:
 * JSON in UTF-8 sent as {@code application/json} (what the server libraries send), as
 * {@code text/plain} (what browsers' analytics.js sends to avoid a CORS preflight) or without a
 * content type; identity or {@code gzip} content encoding.
 *
 * <p>Stateless and thread-safe.
 */
public final class ContentHeaders {

  private static final Set<String> TYPES = Set.of("application/json", "text/plain");
  private static final Set<String> IDENTITY = Set.of("", "identity");
  private static final Set<String> GZIP = Set.of("gzip", "x-gzip");

  private ContentHeaders() {}

  /** The 415 answer for unreadable headers, or empty when the body can be read. */
  public static Optional<Answer> problem(String contentType, String contentEncoding) {
    if (contentType != null && !contentType.isBlank()) {
      String[] parts = contentType.split(";");
      String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
      if (!TYPES.contains(mediaType) && !mediaType.endsWith("+json")) {
        return Optional.of(Answers.unsupportedMedia("Content-Type",
            "send JSON as Content-Type: application/json (or text/plain), not " + printable(mediaType)));
      }
      for (int i = 1; i < parts.length; i++) {
        String param = parts[i].strip().toLowerCase(Locale.ROOT);
        if (param.startsWith("charset=") && !param.substring(8).replace("\"", "").strip().equals("utf-8")) {
          return Optional.of(Answers.unsupportedMedia("Content-Type", "the body must be UTF-8 (charset=utf-8)"));
        }
      }
    }
    String encoding = normalisedEncoding(contentEncoding);
    if (!IDENTITY.contains(encoding) && !GZIP.contains(encoding)) {
      return Optional.of(Answers.unsupportedMedia("Content-Encoding",
          "Content-Encoding must be gzip or identity, not " + printable(encoding)));
    }
    return Optional.empty();
  }

  /** Whether the body is gzip-compressed (only meaningful once {@link #problem} found none). */
  public static boolean gzip(String contentEncoding) {
    return GZIP.contains(normalisedEncoding(contentEncoding));
  }

  private static String normalisedEncoding(String contentEncoding) {
    return contentEncoding == null ? "" : contentEncoding.strip().toLowerCase(Locale.ROOT);
  }

  private static String printable(String s) {
    String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
