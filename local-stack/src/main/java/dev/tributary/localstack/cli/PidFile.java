package dev.tributary.localstack.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code .tributary/pids} file: one {@code <name> <pid> <start token>} line per process in
 * start order (the {@code up} CLI itself first), so {@code down} and {@code status} in another
 * terminal can find them and stop them in reverse order. The start token (see
 * {@link dev.tributary.localstack.process.ProcessTable.LiveProcess#startToken()}) tells the process
 * we started from a later one that got its pid after a crash. Lines without a token (written
 * before it existed) still parse. Rewritten atomically on every change.
 *
 * <p>Thread-safe (synchronized).
 */
public final class PidFile {

  /**
   * One line of the file.
   *
   * @param startToken the process's start token when it was recorded; empty when unknown
   */
  public record Entry(String name, long pid, String startToken) {

    public Entry {
      if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("a pid file name is one word, got '" + name + "'");
      }
      if (startToken.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("a start token has no spaces, got '" + startToken + "'");
      }
    }
  }

  private final Path file;
  private final List<Entry> entries = new ArrayList<>();

  public PidFile(Path file) {
    this.file = file;
  }

  public synchronized void add(Entry entry) {
    entries.add(entry);
    write();
  }

  public synchronized void remove(String name) {
    entries.removeIf(e -> e.name().equals(name));
    if (entries.isEmpty()) {
      delete();
    } else {
      write();
    }
  }

  public synchronized void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + file, e);
    }
  }

  /** The entries on disk, in start order; empty when there is no file. */
  public static List<Entry> read(Path file) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }

  static List<Entry> parse(List<String> lines) {
    List<Entry> result = new ArrayList<>();
    for (String line : lines) {
      String[] parts = line.trim().split("\\s+");
      boolean shape = (parts.length == 2 || parts.length == 3) && !parts[1].isEmpty() && parts[1].length() < 19;
      if (shape && parts[1].chars().allMatch(Character::isDigit)) {
        result.add(new Entry(parts[0], Long.parseLong(parts[1]), parts.length == 3 ? parts[2] : ""));
      }
    }
    return result;
  }

  static String format(List<Entry> entries) {
    StringBuilder sb = new StringBuilder();
    entries.forEach(e -> {
      sb.append(e.name()).append(' ').append(e.pid());
      if (!e.startToken().isEmpty()) {
        sb.append(' ').append(e.startToken());
      }
      sb.append('\n');
    });
    return sb.toString();
  }

  private void write() {
    try {
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temp, format(entries), StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }
}
