package dev.tributary.bench.stage;

import dev.tributary.bench.fleet.Fleet;
import dev.tributary.bench.gen.EventMix;
import dev.tributary.bench.stack.BenchStack;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.common.config.PipelineConfig;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.localstack.process.Ports;
import dev.tributary.localstack.service.PipelineService;
import dev.tributary.localstack.service.RunningService;
import dev.tributary.sink.config.SinkSettings;
import dev.tributary.streams.config.StreamsSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the three services as their own JVMs through the local stack's
 * {@link dev.tributary.localstack.service.ServiceLauncher} (main class, JVM flags, settings passed
 * as environment variables named after the services' config keys), on the bench's topics,
 * database and free ports. The only setting that differs from the defaults is the ingest's
 * per-write-key rate limit, switched off, because the benchmark is one client measuring capacity,
 * not a tenant quota.
 */
final class Services {

  static final String WRITE_KEY = "bench-key";
  private static final Duration INGEST_READY_TIMEOUT = Duration.ofSeconds(90);

  /** A running ingest service. */
  record Ingest(ManagedProcess process, int port) {
    URI batchUrl() {
      return URI.create("http://127.0.0.1:" + port + "/v1/batch");
    }
  }

  /** Topic names of one pipeline instance: every dataset of the catalogue, prefixed. */
  record Topics(TopicNames names) {
    static Topics prefixed(String prefix) {
      return new Topics(TopicNames.prefixed(Datasets.ALL, prefix + "."));
    }

    String raw() {
      return names.of(Datasets.RAW);
    }

    String clean() {
      return names.of(Datasets.CLEAN);
    }

    String dlq() {
      return names.of(Datasets.DEAD_LETTERS);
    }

    String[] all() {
      return names.all().toArray(String[]::new);
    }
  }

  private Services() {}

  static Ingest startIngest(BenchStack stack, String name, String rawTopic, boolean profile) {
    int port = Ports.free();
    Map<String, String> settings = ingestSettings(stack, port);
    settings.putAll(TopicNames.of(Map.of(Datasets.RAW, rawTopic)).configuration());
    RunningService ingest = stack.startService(name, PipelineService.INGEST, settings, profile);
    // it listens only after Kafka and the registry answered it, as the local stack relies on
    ingest.awaitReady(INGEST_READY_TIMEOUT);
    return new Ingest(ingest.process(), port);
  }

  static ManagedProcess startStreams(BenchStack stack, String name, String applicationId, Topics topics,
      boolean profile) {
    return startStreams(stack, name, applicationId, topics, profile, Map.of());
  }

  /** Starts transform-streams with {@code overrides} on top of the stage's settings. */
  static ManagedProcess startStreams(BenchStack stack, String name, String applicationId, Topics topics,
      boolean profile, Map<String, String> overrides) {
    return startStreamsService(stack, name, applicationId, topics, profile, overrides).process();
  }

  /** As {@link #startStreams}, with its probe and metrics endpoint; its state lives in {@link #streamsStateDir}. */
  static RunningService startStreamsService(BenchStack stack, String name, String applicationId, Topics topics,
      boolean profile, Map<String, String> overrides) {
    Map<String, String> settings = streamsSettings(stack, applicationId, streamsStateDir(stack, applicationId));
    settings.putAll(topics.names().configuration());
    settings.putAll(overrides);
    return stack.startService(name, PipelineService.STREAMS, settings, profile);
  }

  /** The local state directory of the streams application {@code applicationId}. */
  static java.nio.file.Path streamsStateDir(BenchStack stack, String applicationId) {
    return stack.stateDir().resolve("streams-state").resolve(applicationId);
  }

  static ManagedProcess startSink(BenchStack stack, String name, String database, String groupId, Topics topics,
      boolean profile) {
    Map<String, String> settings = sinkSettings(stack, database, groupId);
    settings.putAll(topics.names().configuration());
    return stack.startService(name, PipelineService.SINK, settings, profile).process();
  }

  /**
   * The settings of one instance of a {@link Fleet} on {@code topics} with {@code partitions}
   * partitions: the instances of a service share {@code <name>-streams} as application id or
   * {@code <name>-sink} as consumer group, so they split the partitions; every other setting is
   * the one-instance stages' own.
   */
  static Map<String, String> fleetSettings(BenchStack stack, Fleet.Slot slot, Topics topics, int partitions,
      String database, String name) {
    Map<String, String> settings = switch (slot.service()) {
      case INGEST -> ingestSettings(stack, slot.ingestPort());
      case STREAMS -> streamsSettings(stack, name + "-streams", slot.stateDir());
      case SINK -> sinkSettings(stack, database, name + "-sink");
      default -> throw new IllegalArgumentException(slot.service() + " is not a pipeline stage");
    };
    settings.put(PipelineConfig.TOPIC_PARTITIONS, Integer.toString(partitions));
    settings.putAll(topics.names().configuration());
    return settings;
  }

  private static Map<String, String> ingestSettings(BenchStack stack, int port) {
    Map<String, String> settings = stack.commonSettings();
    settings.put(IngestSettings.HTTP_HOST, "127.0.0.1");
    settings.put(IngestSettings.HTTP_PORT, Integer.toString(port));
    settings.put(IngestSettings.WRITE_KEYS, WRITE_KEY + ":" + EventMix.SOURCE);
    settings.put(IngestSettings.RATE_LIMIT, "0");
    return settings;
  }

  private static Map<String, String> streamsSettings(BenchStack stack, String applicationId, Path stateDir) {
    Map<String, String> settings = stack.commonSettings();
    settings.put(StreamsSettings.APPLICATION_ID, applicationId);
    settings.put(StreamsSettings.STATE_DIR, stateDir.toString());
    return settings;
  }

  private static Map<String, String> sinkSettings(BenchStack stack, String database, String groupId) {
    Map<String, String> settings = stack.commonSettings();
    settings.put(SinkSettings.CLICKHOUSE_URL, stack.clickhouseUrl());
    settings.put(SinkSettings.CLICKHOUSE_DATABASE, database);
    settings.put(SinkSettings.GROUP_ID, groupId);
    return settings;
  }

  /** Waits for a tool process to exit on its own; throws (with its log tail) if it fails or hangs. */
  static void awaitExit(ManagedProcess p, Duration timeout) {
    ProcessHandle handle = ProcessHandle.of(p.pid()).orElse(null);
    if (handle != null) {
      try {
        handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + p.name(), e);
      } catch (Exception e) {
        throw new IllegalStateException(p.name() + " did not finish within " + timeout.toSeconds() + " s; see " + p.logFile(), e);
      }
    }
    if (p.isAlive()) {
      throw new IllegalStateException(p.name() + " did not finish; see " + p.logFile());
    }
    // the exit code is only known through the Process, which ManagedProcess keeps
    int code = p.exitCodeOrMinusOne();
    if (code != 0) {
      throw new IllegalStateException(p.name() + " exited with code " + code + "; see " + p.logFile() + ":\n" + p.logTail(20));
    }
  }

  /** Mean size of a RawEvent of the mix in the Confluent wire format (5-byte header + Avro binary). */
  static int meanRawEventBytes() {
    EventMix mix = new EventMix(1);
    long now = System.currentTimeMillis();
    long total = 0;
    int n = 2_000;
    for (int i = 0; i < n; i++) {
      try {
        // toByteBuffer() is Avro single-object encoding: 10-byte header + the binary body
        var raw = EventMix.toRaw(mix.next(now), now);
        raw.setRequestId(new java.util.UUID(i, now).toString()); // the ingest service sets both
        raw.setClientIp("127.0.0.1");
        total += raw.toByteBuffer().remaining() - 10 + 5;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return (int) Math.round((double) total / n);
  }
}
