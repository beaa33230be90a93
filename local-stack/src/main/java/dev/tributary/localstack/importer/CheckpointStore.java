package dev.tributary.localstack.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the import keeps its {@link Checkpoint}. The file implementation writes a temporary file,
 * forces it to disk and renames it over the old one, so a crash leaves either the old or the new
 * checkpoint, never half of one.
 *
 * <p>Implementations need not be thread-safe: one import uses one store from one thread.
 */
public interface CheckpointStore {

  /** The saved checkpoint, if any. */
  Optional<Checkpoint> load() throws IOException;

  /** Replaces the checkpoint. */
  void save(Checkpoint checkpoint) throws IOException;

  /** The store in {@code file}. */
  static CheckpointStore file(Path file) {
    return new CheckpointStore() {
      @Override
      public Optional<Checkpoint> load() throws IOException {
        if (!Files.exists(file)) {
          return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
          p.load(in);
        }
        try {
          return Optional.of(Checkpoint.fromProperties(p));
        } catch (IllegalArgumentException e) {
          throw new IOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
      }

      @Override
      public void save(Checkpoint checkpoint) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
          checkpoint.toProperties().store(out, "tributary import checkpoint");
        }
        try {
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    };
  }
}
