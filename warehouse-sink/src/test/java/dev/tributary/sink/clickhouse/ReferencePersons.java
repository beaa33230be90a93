package dev.tributary.sink.clickhouse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The person mapping of a set of identify and alias links, resolved the way
 * docs/SESSIONS-AND-IDENTITY.md says and written here from that text, not from the streams code: an
 * id key ({@code a:<anonymous id>} or {@code u:<user id>}) links to a user id; its person is the root
 * user reached by following the links; an id nobody linked is its own person. Holds what the
 * warehouse was last given, so a new link yields exactly the rows the streams stage re-emits: every
 * key whose person changed. Not thread-safe.
 */
final class ReferencePersons {

  private final Map<String, String> links = new TreeMap<>();
  private final Map<String, String> emitted = new TreeMap<>();

  /**
   * Links {@code key} to the user {@code userId}. Refuses an alias loop, as the streams stage does (a
   * dead letter there), so callers need not avoid them.
   *
   * @return whether the link was taken
   */
  boolean link(String key, String userId) {
    if (key.startsWith("u:") && root(userId).equals(key.substring(2))) {
      return false;
    }
    links.put(key, userId);
    return true;
  }

  /** The person {@code key}'s events belong to now. */
  String person(String key) {
    String linked = links.get(key);
    return linked == null ? key.substring(2) : root(linked);
  }

  private String root(String userId) {
    String at = userId;
    for (String next = links.get("u:" + at); next != null; next = links.get("u:" + at)) {
      at = next;
    }
    return at;
  }

  /**
   * The rows to emit since the last call, key to person: every linked key and every root user a link
   * names whose person differs from what was emitted.
   */
  Map<String, String> changes() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : links.keySet()) {
      String person = person(key);
      if (!person.equals(emitted.get(key))) {
        out.put(key, person);
      }
      String rootKey = "u:" + person;
      if (!links.containsKey(rootKey) && !person.equals(emitted.get(rootKey))) {
        out.put(rootKey, person);
      }
    }
    emitted.putAll(out);
    return out;
  }
}
