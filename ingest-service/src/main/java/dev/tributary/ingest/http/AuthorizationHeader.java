package dev.tributary.ingest.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Extracts the write key from an {@code Authorization} header: {@code Bearer <key>}, or HTTP Basic
 * with the key as user name and an empty (ignored) password, as Segment's libraries send it.
 *
 * <p>Pure and thread-safe. Never puts the key into an exception or log message.
 */
public final class AuthorizationHeader {

  private AuthorizationHeader() {}

  /** The write key in {@code header}, or empty when the header is absent or not understood. */
  public static Optional<String> writeKey(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String value = header.strip();
    int space = value.indexOf(' ');
    if (space <= 0) {
      return Optional.empty();
    }
    String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
    String credentials = value.substring(space + 1).strip();
    return switch (scheme) {
      case "bearer" -> nonEmpty(credentials);
      case "basic" -> basicUser(credentials);
      default -> Optional.empty();
    };
  }

  private static Optional<String> basicUser(String encoded) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String userAndPassword = new String(decoded, StandardCharsets.UTF_8);
    int colon = userAndPassword.indexOf(':');
    return nonEmpty(colon < 0 ? userAndPassword : userAndPassword.substring(0, colon));
  }

  private static Optional<String> nonEmpty(String s) {
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }
}
