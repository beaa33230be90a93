package dev.tributary.localstack.importer;

import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * How far an import got: every line before {@code nextLine} (which starts at byte {@code offset}) was
 * acknowledged by the server or written to the rejects file. {@code prefixSha256} is the hash of the
 * bytes before {@code offset}: a resumed run recomputes it and refuses a file whose consumed part
 * changed (appending to the file is fine). Size and modification time are kept for the message.
 *
 * <p>Immutable and thread-safe.
 */
public record Checkpoint(String file, long nextLine, long offset, String prefixSha256, long fileSize, long mtimeMillis) {

  public Checkpoint {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(prefixSha256, "prefixSha256");
  }

  /** As a properties file's entries. */
  public Properties toProperties() {
    Properties p = new Properties();
    p.putAll(Map.of("file", file, "next.line", Long.toString(nextLine), "offset", Long.toString(offset),
        "prefix.sha256", prefixSha256, "file.size", Long.toString(fileSize), "file.mtime.ms", Long.toString(mtimeMillis)));
    return p;
  }

  /**
   * Reads what {@link #toProperties()} wrote.
   *
   * @throws IllegalArgumentException naming the missing or bad entry
   */
  public static Checkpoint fromProperties(Properties p) {
    return new Checkpoint(text(p, "file"), number(p, "next.line"), number(p, "offset"), text(p, "prefix.sha256"),
        number(p, "file.size"), number(p, "file.mtime.ms"));
  }

  private static String text(Properties p, String key) {
    String value = p.getProperty(key);
    if (value == null) {
      throw new IllegalArgumentException("the checkpoint has no '" + key + "'");
    }
    return value;
  }

  private static long number(Properties p, String key) {
    try {
      return Long.parseLong(text(p, key).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the checkpoint's '" + key + "' is not a number");
    }
  }
}
