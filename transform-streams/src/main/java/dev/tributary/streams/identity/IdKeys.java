package dev.tributary.streams.identity;

/**
 * The keys of the identity graph and of the persons topic: anonymous and user ids live in separate
 * namespaces ({@code a:} and {@code u:}), because a device id and a user id may be the same text.
 * Stateless.
 */
final class IdKeys {

  static final String ANONYMOUS = "anonymous";
  static final String USER = "user";

  private IdKeys() {}

  static String anonymous(String id) {
    return "a:" + id;
  }

  static String user(String id) {
    return "u:" + id;
  }

  static boolean isUser(String key) {
    return key.startsWith("u:");
  }

  /** The id a key names. */
  static String id(String key) {
    return key.substring(2);
  }
}
