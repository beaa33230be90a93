package dev.tributary.localstack.importer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The event id an imported line gets when it carries none ({@code event_id}/{@code messageId}):
 * {@code imp-} and the first 128 bits of SHA-256 over the line's text.
 *
 * <p>Why the content and not file + line number: the id must survive whatever happens between two
 * runs. A line number changes when the export is regenerated, rows are inserted above, or the same
 * history arrives in two overlapping files; the content does not, so re-importing the same events in
 * any file lands them once (the warehouse keeps one row per event id). The price: two byte-identical
 * lines are one event — same user, name, timestamp and properties, which in an export is a duplicate.
 *
 * <p>Stateless and thread-safe.
 */
public final class EventIds {

  private static final byte[] NAMESPACE = "tributary-import/v1\n".getBytes(StandardCharsets.UTF_8);

  private EventIds() {}

  /** The id of the event read from {@code line} (its text as in the file, without the line break). */
  public static String forLine(String line) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(NAMESPACE);
      byte[] hash = sha.digest(line.getBytes(StandardCharsets.UTF_8));
      return "imp-" + HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
