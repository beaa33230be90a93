package dev.tributary.ingest.http;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The one request header judged before the body is read: {@code Content-Encoding}, which must be
 * identity or {@code gzip}, since no other wrapping can be undone. The {@code Content-Type} is not
 * judged here at all: {@link RequestBody} reads the body whatever it is labelled.
 *
 * <p>Stateless and thread-safe.
 */
public final class ContentHeaders {

  private static final Set<String> IDENTITY = Set.of("", "identity");
  private static final Set<String> GZIP = Set.of("gzip", "x-gzip");

  private ContentHeaders() {}

  /** The 415 answer for an encoding the collector cannot undo, or empty when the body can be read. */
  public static Optional<Answer> problem(String contentEncoding) {
    String encoding = normalisedEncoding(contentEncoding);
    if (!IDENTITY.contains(encoding) && !GZIP.contains(encoding)) {
      return Optional.of(Answers.unsupportedMedia("Content-Encoding",
          "Content-Encoding must be gzip or identity, not " + printable(encoding)));
    }
    return Optional.empty();
  }

  /** Whether the request declares a gzip-compressed body (only meaningful once {@link #problem} found none). */
  public static boolean gzip(String contentEncoding) {
    return GZIP.contains(normalisedEncoding(contentEncoding));
  }

  private static String normalisedEncoding(String contentEncoding) {
    return contentEncoding == null ? "" : contentEncoding.strip().toLowerCase(Locale.ROOT);
  }

  /** {@code s} cut to 60 characters, non-printable characters replaced, fit to quote in an answer. */
  static String printable(String s) {
    String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
