package dev.tributary.console.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * The console's optional password: HTTP Basic with one user and password, compared in constant time.
 * A console without a password accepts every request (it then listens on loopback only; see
 * {@code ConsoleSettings}).
 *
 * <p>Immutable; thread-safe.
 */
public final class BasicAuth {

  /** The challenge a browser answers with its login prompt. */
  public static final String CHALLENGE = "Basic realm=\"Tributary console\", charset=\"UTF-8\"";

  private final byte[] expected;
  private final boolean enabled;

  private BasicAuth(byte[] expected, boolean enabled) {
    this.expected = expected;
    this.enabled = enabled;
  }

  /** Accepts {@code user}:{@code password}; an empty password turns the check off. */
  public static BasicAuth of(String user, String password) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    return new BasicAuth((user + ":" + password).getBytes(StandardCharsets.UTF_8), !password.isEmpty());
  }

  public boolean enabled() {
    return enabled;
  }

  /** True when the check is off, or {@code authorization} (the header, may be null) carries the credentials. */
  public boolean accepts(String authorization) {
    if (!enabled) {
      return true;
    }
    if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith("basic ")) {
      return false;
    }
    byte[] given;
    try {
      given = Base64.getDecoder().decode(authorization.substring(6).strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(expected, given);
  }
}
