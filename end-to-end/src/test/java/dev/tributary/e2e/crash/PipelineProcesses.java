package dev.tributary.e2e.crash;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.common.config.PipelineConfig;
import dev.tributary.e2e.crash.CrashOptions.Disabled;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.localstack.component.ClickHouseHttp;
import dev.tributary.localstack.component.ClickHouseProcess;
import dev.tributary.localstack.component.Dirs;
import dev.tributary.localstack.component.KafkaBrokerProcess;
import dev.tributary.localstack.component.KafkaTopics;
import dev.tributary.localstack.component.RegistryProcess;
import dev.tributary.localstack.process.Java;
import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.localstack.process.Ports;
import dev.tributary.localstack.service.JvmOptions;
import dev.tributary.localstack.service.PipelineService;
import dev.tributary.localstack.service.RunningService;
import dev.tributary.localstack.service.ServiceClassPath;
import dev.tributary.localstack.service.ServiceLauncher;
import dev.tributary.sink.config.SinkSettings;
import dev.tributary.streams.config.StreamsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The whole pipeline with every component in its own OS process: the Kafka broker, Apicurio
 * Registry and ClickHouse (local-stack launchers) and the ingest, streams and sink services (each
 * a JVM started from this JVM's class path by the local stack's {@link ServiceLauncher}). Any one of them can be killed with SIGKILL and
 * restarted on the same ports and data directories; a restart returns once the process serves
 * again.
 *
 * <p>Thread-safe: kill, restart and close are synchronized.
 */
public final class PipelineProcesses implements AutoCloseable {

  public static final String WRITE_KEY = "crash-key";
  public static final String DATABASE = "crash";
  /** Every topic of the catalogue, by its default name (the services run with the defaults). */
  public static final List<String> TOPICS = Datasets.defaultTopicNames();
  /** Partitions of every topic (the raw topic's are what the killer's moments watch). */
  static final int PARTITIONS = 3;
  static final String NO_MERGES_CONFIG = "crash-test-no-merges.xml";
  private static final Duration SERVICE_READY_TIMEOUT = Duration.ofSeconds(180);

  private final Path dir;
  private final Optional<Disabled> disabled;
  private final int kafkaPort = Ports.free();
  private final int controllerPort = Ports.free();
  private final int registryPort = Ports.free();
  private final int clickhouseHttpPort = Ports.free();
  private final int clickhouseTcpPort = Ports.free();
  private final int ingestPort = Ports.free();
  private final Map<CrashTarget, ManagedProcess> processes = new EnumMap<>(CrashTarget.class);
  private final ServiceLauncher launcher;
  private boolean closed;

  private PipelineProcesses(Path dir, Optional<Disabled> disabled) {
    this.dir = dir;
    this.disabled = disabled;
    this.launcher = new ServiceLauncher(ServiceClassPath.current(), dir, Duration.ofSeconds(20));
  }

  /** Starts every component and service in dependency order; on failure stops what started. */
  public static PipelineProcesses start(Path dir, Optional<Disabled> disabled) {
    PipelineProcesses p = new PipelineProcesses(dir, disabled);
    try {
      p.startInfra(CrashTarget.KAFKA);
      p.startInfra(CrashTarget.CLICKHOUSE);
      p.startInfra(CrashTarget.REGISTRY);
      KafkaTopics.ensure(p.bootstrapServers(), PARTITIONS, TOPICS.toArray(String[]::new));
      List<CrashTarget> services = List.of(CrashTarget.INGEST, CrashTarget.STREAMS, CrashTarget.SINK);
      List<RunningService> started = new ArrayList<>();
      for (CrashTarget service : services) {
        started.add(p.launchService(service));
      }
      started.forEach(s -> s.awaitReady(SERVICE_READY_TIMEOUT));
      return p;
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  /** SIGKILL, then waits until the process is gone. */
  public synchronized void kill(CrashTarget target) {
    processes.get(target).kill();
  }

  /** Starts {@code target} again (same ports, same data) and waits until it serves. */
  public void restart(CrashTarget target) {
    switch (target) {
      case KAFKA, CLICKHOUSE, REGISTRY -> startInfra(target);
      case INGEST, STREAMS, SINK -> launchService(target).awaitReady(SERVICE_READY_TIMEOUT);
    }
  }

  public String bootstrapServers() {
    return "localhost:" + kafkaPort;
  }

  public String ingestUrl() {
    return "http://127.0.0.1:" + ingestPort;
  }

  public ClickHouseHttp clickhouse() {
    return new ClickHouseHttp("http://127.0.0.1:" + clickhouseHttpPort, "default", "", Duration.ofSeconds(30));
  }

  public Path dir() {
    return dir;
  }

  /** The log file of a process, for the report when something goes wrong. */
  public Path logFile(CrashTarget target) {
    return dir.resolve("logs").resolve(name(target) + ".log");
  }

  private void startInfra(CrashTarget target) {
    ManagedProcess process = switch (target) {
      case KAFKA -> KafkaBrokerProcess.start(dir.resolve("kafka"), logFile(target), kafkaPort, controllerPort,
          Java.currentClassPath(), "512m").process();
      case CLICKHOUSE -> {
        writeNoMergesConfig(dir.resolve("clickhouse"));
        yield ClickHouseProcess.start(dir.resolve("clickhouse"), logFile(target), clickhouseHttpPort,
            clickhouseTcpPort).process();
      }
      case REGISTRY -> RegistryProcess.start(dir.resolve("registry"), logFile(target), registryPort,
          bootstrapServers()).process();
      default -> throw new IllegalArgumentException(target + " is a service");
    };
    synchronized (this) {
      processes.put(target, process);
    }
  }

  /**
   * Turns background merges off on the test's ClickHouse server (a {@code config.d} override,
   * which the server merges into its generated config and which survives every kill and restart).
   * Without merges, every block the sink ever inserted stays a part of its own, so
   * {@code count()} of the raw {@code events} table is exactly the number of rows ever inserted,
   * even when ClickHouse is SIGKILLed mid-INSERT: a part is committed by an atomic rename or not at
   * all. A materialized view cannot give that count: ClickHouse does not write a table and its views
   * atomically (PROBES.md). The parts limits are raised so that many small parts are not refused.
   */
  public static void writeNoMergesConfig(Path clickhouseDir) {
    Dirs.write(clickhouseDir.resolve("config.d").resolve(NO_MERGES_CONFIG), """
        <?xml version="1.0"?>
        <!-- crash test only: no part is ever merged, so raw row counts are rows ever inserted -->
        <yandex>
          <merge_tree>
            <max_bytes_to_merge_at_max_space_in_pool>1</max_bytes_to_merge_at_max_space_in_pool>
            <max_bytes_to_merge_at_min_space_in_pool>1</max_bytes_to_merge_at_min_space_in_pool>
            <parts_to_delay_insert>1000000</parts_to_delay_insert>
            <parts_to_throw_insert>1000000</parts_to_throw_insert>
          </merge_tree>
        </yandex>
        """);
  }

  /** Starts a service JVM through the launcher the local stack and the bench use; does not wait for it. */
  private RunningService launchService(CrashTarget target) {
    String mainClass = negativeControlMain(target).orElse(service(target).mainClass());
    RunningService running = launch(launcher, target, mainClass, name(target), settings(target), logFile(target));
    synchronized (this) {
      processes.put(target, running.process());
    }
    return running;
  }

  private Map<String, String> settings(CrashTarget target) {
    Wiring wiring = new Wiring(bootstrapServers(), "http://127.0.0.1:" + registryPort + RegistryProcess.CCOMPAT_PATH,
        "http://127.0.0.1:" + clickhouseHttpPort, DATABASE, TopicNames.defaults(Datasets.ALL), "crash", PARTITIONS);
    return settings(target, wiring, ingestPort, dir.resolve("streams-state"));
  }

  /**
   * Where a service process finds the rest of the pipeline, and the names it runs under.
   *
   * @param name the prefix of the streams application id and the sink's consumer group
   * @param partitions partitions of the topics the services create
   */
  public record Wiring(String bootstrapServers, String registryUrl, String clickhouseUrl, String database,
      TopicNames topics, String name, int partitions) {}

  /**
   * The settings of one service process: shared by the crash test and the multi-instance test, so
   * both run the services as a deployment would (short session timeouts, so a killed member's
   * partitions move in seconds rather than the default 45).
   *
   * @param ingestPort the HTTP port of an ingest instance (ignored for the others)
   * @param stateDir the streams state directory of a streams instance (ignored for the others)
   */
  public static Map<String, String> settings(CrashTarget target, Wiring w, int ingestPort, Path stateDir) {
    Map<String, String> s = new HashMap<>();
    s.put(PipelineConfig.BOOTSTRAP_SERVERS, w.bootstrapServers());
    s.put(PipelineConfig.SCHEMA_REGISTRY_URL, w.registryUrl());
    s.put(PipelineConfig.TOPIC_PARTITIONS, Integer.toString(w.partitions()));
    s.putAll(w.topics().configuration());
    switch (target) {
      case INGEST -> {
        s.put(IngestSettings.HTTP_HOST, "127.0.0.1");
        s.put(IngestSettings.HTTP_PORT, Integer.toString(ingestPort));
        s.put(IngestSettings.WRITE_KEYS, WRITE_KEY + ":crash-test");
      }
      case STREAMS -> {
        s.put(StreamsSettings.APPLICATION_ID, w.name() + "-transform");
        s.put(StreamsSettings.STATE_DIR, stateDir.toString());
        // a killed member leaves no LeaveGroup: its partitions wait for the session timeout (45 s by default)
        s.put(StreamsSettings.STREAMS_PREFIX + ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        s.put(StreamsSettings.STREAMS_PREFIX + ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1500");
      }
      case SINK -> {
        s.put(SinkSettings.GROUP_ID, w.name() + "-sink");
        s.put(SinkSettings.CLICKHOUSE_URL, w.clickhouseUrl());
        s.put(SinkSettings.CLICKHOUSE_DATABASE, w.database());
        s.put(SinkSettings.CONSUMER_PREFIX + ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        s.put(SinkSettings.CONSUMER_PREFIX + ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1500");
      }
      default -> throw new IllegalArgumentException(target + " is not a service");
    }
    return s;
  }

  /** The test-only main class of a service with its guarantee switched off (-Dcrash.disable), if any. */
  private Optional<String> negativeControlMain(CrashTarget target) {
    if (target == CrashTarget.STREAMS && disabled.equals(Optional.of(Disabled.DEDUPE))) {
      return Optional.of(StreamsWithoutDedupeMain.class.getName());
    }
    if (target == CrashTarget.SINK && disabled.equals(Optional.of(Disabled.RESUME))) {
      return Optional.of(SinkWithoutWarehouseResumeMain.class.getName());
    }
    return Optional.empty();
  }

  /** Starts one service process (of {@code target}, a service) with {@code settings}; does not wait for it. */
  public static RunningService launch(ServiceLauncher launcher, CrashTarget target, String mainClass, String name,
      Map<String, String> settings, Path logFile) {
    return launcher.startVariant(service(target), mainClass, name, settings, JvmOptions.SMALL, logFile);
  }

  /** The shipped main class of a service. */
  public static String mainClass(CrashTarget target) {
    return service(target).mainClass();
  }

  private static PipelineService service(CrashTarget target) {
    return switch (target) {
      case INGEST -> PipelineService.INGEST;
      case STREAMS -> PipelineService.STREAMS;
      case SINK -> PipelineService.SINK;
      default -> throw new IllegalArgumentException(target + " is not a service");
    };
  }

  private static String name(CrashTarget target) {
    return target.name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Kills every process (services first; the data is thrown away, so there is nothing to stop
   * gracefully for) and deletes the data directories; the logs stay in {@code dir/logs}.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (CrashTarget t : List.of(CrashTarget.INGEST, CrashTarget.STREAMS, CrashTarget.SINK, CrashTarget.REGISTRY,
        CrashTarget.CLICKHOUSE, CrashTarget.KAFKA)) {
      ManagedProcess p = processes.get(t);
      if (p != null) {
        try {
          p.kill();
        } catch (RuntimeException e) {
          System.err.println("could not kill " + p + ": " + e);
        }
      }
    }
    for (String data : List.of("kafka", "clickhouse/data", "clickhouse/metadata", "streams-state", "registry")) {
      Dirs.deleteRecursively(dir.resolve(data));
    }
  }
}
