package dev.tributary.localstack.component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-tree helpers for component data directories. Stateless and thread-safe. */
public final class Dirs {

  private Dirs() {}

  /** Writes {@code text} as UTF-8, creating parent directories. */
  public static void write(Path file, String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

  /**
   * Makes {@code dir} an empty directory, deleting whatever was below it, and fails loudly when
   * something cannot be deleted: for state that must not leak into the next run (a benchmark's data).
   */
  public static void emptyDirectory(Path dir) {
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> walk = Files.walk(dir)) {
          for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("could not empty " + dir, e);
    }
  }

  /** Deletes {@code dir} and everything below it; best effort, never throws. */
  public static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort: a file still open by a dying process is removed with the temp dir later
        }
      });
    } catch (IOException | RuntimeException ignored) {
      // best effort
    }
  }
}
