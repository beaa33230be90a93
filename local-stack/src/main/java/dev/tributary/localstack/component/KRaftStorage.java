package dev.tributary.localstack.component;

import dev.tributary.common.kafka.TransactionVersionPin;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * Formats a KRaft log directory (what {@code kafka-storage.sh format} does), in-process so that
 * neither the tests nor the CLI pay for an extra JVM. Formatting happens only when the directory
 * is empty, so a restarted local broker keeps its data and cluster id. The nodes of one cluster are
 * formatted with one cluster id, each with its own node id.
 *
 * <p>Stateless and thread-safe (each call works on its own directory).
 */
public final class KRaftStorage {

  private KRaftStorage() {}

  /**
   * The feature levels the local stack's brokers, alone or in a cluster, are formatted with:
   * {@code transaction.version} {@link TransactionVersionPin#PROVEN_LEVEL}, as the compose deployment runs once
   * its topic-init job has pinned it. With 4.3.1's default, 2, a killed and restarted broker left the Streams
   * exactly-once producer stuck: retrying {@code OUT_OF_ORDER_SEQUENCE_NUMBER} forever on a cluster, because a new
   * leader holding no state of the producer refuses any first batch but sequence 0 (a broker rule KAFKA-19880
   * reworks; {@code KafkaLeaderKillIT}), failing with {@code InvalidTxnStateException} on a single broker
   * ({@code CrashTestIT}, 2026-12-01); see {@link TransactionVersionPin}.
   */
  public static final Map<String, Short> PROVEN_FEATURE_LEVELS =
      Map.of(TransactionVersionPin.FEATURE, TransactionVersionPin.PROVEN_LEVEL);

  /** Formats {@code logDir} for a single node unless it already holds data; returns true when it formatted. */
  public static boolean formatIfEmpty(Path logDir) {
    return formatIfEmpty(logDir, Map.of());
  }

  /** As {@link #formatIfEmpty(Path)}, with {@code featureLevels} instead of the release's defaults. */
  public static boolean formatIfEmpty(Path logDir, Map<String, Short> featureLevels) {
    return formatIfEmpty(logDir, KafkaBrokerProperties.NODE_ID, Uuid.randomUuid().toString(), featureLevels);
  }

  /**
   * Formats {@code logDir} as node {@code nodeId} of cluster {@code clusterId}, with {@code featureLevels} (e.g.
   * {@code transaction.version}) instead of the release's defaults, unless it already holds data; returns true
   * when it formatted.
   */
  public static boolean formatIfEmpty(Path logDir, int nodeId, String clusterId, Map<String, Short> featureLevels) {
    try {
      Files.createDirectories(logDir);
      try (Stream<Path> entries = Files.list(logDir)) {
        if (entries.findAny().isPresent()) {
          return false;
        }
      }
      Formatter formatter = new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setClusterId(clusterId)
          .setNodeId(nodeId)
          .setControllerListenerName(KafkaBrokerProperties.CONTROLLER_LISTENER)
          .setMetadataLogDirectory(logDir.toAbsolutePath().toString())
          .setDirectories(List.of(logDir.toAbsolutePath().toString()))
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION);
      featureLevels.forEach(formatter::setFeatureLevel);
      formatter.run();
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("could not format KRaft storage in " + logDir, e);
    } catch (Exception e) {
      throw new IllegalStateException("could not format KRaft storage in " + logDir + ": " + e.getMessage(), e);
    }
  }
}
