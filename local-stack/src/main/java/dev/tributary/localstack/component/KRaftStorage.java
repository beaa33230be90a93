package dev.tributary.localstack.component;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * Formats a KRaft log directory (what {@code kafka-storage.sh format} does), in-process so that
 * neither the tests nor the CLI pay for an extra JVM. Formatting happens only when the directory
 * is empty, so a restarted local broker keeps its data and cluster id.
 *
 * <p>Stateless and thread-safe (each call works on its own directory).
 */
public final class KRaftStorage {

  private KRaftStorage() {}

  /** Formats {@code logDir} unless it already holds data; returns true when it formatted. */
  public static boolean formatIfEmpty(Path logDir) {
    try {
      Files.createDirectories(logDir);
      try (Stream<Path> entries = Files.list(logDir)) {
        if (entries.findAny().isPresent()) {
          return false;
        }
      }
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setClusterId(Uuid.randomUuid().toString())
          .setNodeId(KafkaBrokerProperties.NODE_ID)
          .setControllerListenerName(KafkaBrokerProperties.CONTROLLER_LISTENER)
          .setMetadataLogDirectory(logDir.toAbsolutePath().toString())
          .setDirectories(List.of(logDir.toAbsolutePath().toString()))
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .run();
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("could not format KRaft storage in " + logDir, e);
    } catch (Exception e) {
      throw new IllegalStateException("could not format KRaft storage in " + logDir + ": " + e.getMessage(), e);
    }
  }
}
