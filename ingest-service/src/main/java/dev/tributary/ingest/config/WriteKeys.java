package dev.tributary.ingest.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The write keys the collector accepts and the source each one stands for, parsed from
 * {@code ingest.write.keys} ({@code key:source,key2:source2}). A key identifies the sending
 * application, so every event it carries is stamped with that source.
 *
 * <p>{@link #toString()} never shows a key: the keys are secrets. Immutable and thread-safe.
 */
public final class WriteKeys {

  private final Map<String, String> sourceByKey;

  private WriteKeys(Map<String, String> sourceByKey) {
    this.sourceByKey = Map.copyOf(sourceByKey);
  }

  /**
   * Parses {@code key:source} entries separated by commas; blanks around entries are ignored.
   *
   * @throws IllegalArgumentException naming the position of a malformed entry, never its text
   */
  public static WriteKeys parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("no write keys given; expected key:source[,key:source...]");
    }
    Map<String, String> out = new HashMap<>();
    String[] entries = spec.split(",");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      if (entry.isEmpty()) {
        continue;
      }
      int colon = entry.lastIndexOf(':');
      if (colon <= 0 || colon == entry.length() - 1) {
        throw new IllegalArgumentException("entry " + (i + 1) + " is not of the form key:source");
      }
      String key = entry.substring(0, colon).strip();
      String source = entry.substring(colon + 1).strip();
      if (key.isEmpty() || source.isEmpty()) {
        throw new IllegalArgumentException("entry " + (i + 1) + " has an empty key or source");
      }
      if (out.putIfAbsent(key, source) != null) {
        throw new IllegalArgumentException("entry " + (i + 1) + " repeats a key given earlier");
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no write keys given; expected key:source[,key:source...]");
    }
    return new WriteKeys(out);
  }

  /** The source of {@code key}, or empty when the key is unknown (or null). */
  public Optional<String> sourceOf(String key) {
    return key == null ? Optional.empty() : Optional.ofNullable(sourceByKey.get(key));
  }

  /** How many keys are configured. */
  public int size() {
    return sourceByKey.size();
  }

  @Override
  public String toString() {
    return "WriteKeys[" + sourceByKey.size() + " keys, hidden]";
  }
}
