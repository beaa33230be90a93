package dev.tributary.e2e.crash;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.e2e.crash.CrashOptions.Disabled;
import dev.tributary.localstack.component.ClickHouseHttp;
import dev.tributary.localstack.component.ClickHouseProcess;
import dev.tributary.localstack.component.Dirs;
import dev.tributary.localstack.component.KafkaBrokerProcess;
import dev.tributary.localstack.component.KafkaTopics;
import dev.tributary.localstack.component.RegistryProcess;
import dev.tributary.localstack.process.Java;
import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.localstack.process.Ports;
import dev.tributary.localstack.process.Readiness;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole pipeline with every component in its own OS process: the Kafka broker, Apicurio
 * Registry and ClickHouse (local-stack launchers) and the ingest, streams and sink services (each
 * a JVM started from this JVM's class path). Any one of them can be killed with SIGKILL and
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
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<CrashTarget, ManagedProcess> processes = new EnumMap<>(CrashTarget.class);
  private boolean closed;

  private PipelineProcesses(Path dir, Optional<Disabled> disabled) {
    this.dir = dir;
    this.disabled = disabled;
  }

  /** Starts every component and service in dependency order; on failure stops what started. */
  public static PipelineProcesses start(Path dir, Optional<Disabled> disabled) {
    PipelineProcesses p = new PipelineProcesses(dir, disabled);
    try {
      p.startInfra(CrashTarget.KAFKA);
      p.startInfra(CrashTarget.CLICKHOUSE);
      p.startInfra(CrashTarget.REGISTRY);
      KafkaTopics.ensure(p.bootstrapServers(), 3, TOPICS.toArray(String[]::new));
      long[] marks = new long[3];
      List<CrashTarget> services = List.of(CrashTarget.INGEST, CrashTarget.STREAMS, CrashTarget.SINK);
      for (int i = 0; i < services.size(); i++) {
        marks[i] = p.launchService(services.get(i));
      }
      for (int i = 0; i < services.size(); i++) {
        p.awaitService(services.get(i), marks[i]);
      }
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
      case INGEST, STREAMS, SINK -> awaitService(target, launchService(target));
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
  static void writeNoMergesConfig(Path clickhouseDir) {
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

  /** Starts a service JVM; returns the size its log had before, so readiness reads only the new lines. */
  private long launchService(CrashTarget target) {
    Path log = logFile(target);
    long mark = size(log);
    List<String> command = new ArrayList<>(List.of(Java.current(), "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true", "-cp", Java.currentClassPath(), mainClass(target, disabled)));
    ManagedProcess process = ManagedProcess.start(name(target), command, dir, log, environment(target),
        Duration.ofSeconds(20));
    synchronized (this) {
      processes.put(target, process);
    }
    return mark;
  }

  private void awaitService(CrashTarget target, long logMark) {
    ManagedProcess process;
    synchronized (this) {
      process = processes.get(target);
    }
    Readiness.Probe probe = switch (target) {
      case INGEST -> () -> http.send(HttpRequest.newBuilder(URI.create(ingestUrl() + "/healthz"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      // the state listener logs "<app> state REBALANCING → RUNNING" once tasks are restored
      case STREAMS -> () -> logSince(logFile(target), logMark).contains("→ RUNNING");
      // one line per partition once the group assigned it and its resume position is known
      case SINK -> () -> logSince(logFile(target), logMark).contains("Resuming ");
      default -> throw new IllegalArgumentException(target + " is not a service");
    };
    Readiness.await(name(target) + " service", process, SERVICE_READY_TIMEOUT, Duration.ofMillis(100), probe);
  }

  private Map<String, String> environment(CrashTarget target) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
    env.put("SCHEMA_REGISTRY_URL", "http://127.0.0.1:" + registryPort + RegistryProcess.CCOMPAT_PATH);
    switch (target) {
      case INGEST -> {
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("HTTP_PORT", Integer.toString(ingestPort));
        env.put("INGEST_WRITE_KEYS", WRITE_KEY + ":crash-test");
      }
      case STREAMS -> {
        env.put("APPLICATION_ID", "crash-transform");
        env.put("STATE_DIR", dir.resolve("streams-state").toString());
        // a killed member leaves no LeaveGroup: its partitions wait for the session timeout (45 s by default)
        env.put("STREAMS_SESSION_TIMEOUT_MS", "6000");
        env.put("STREAMS_HEARTBEAT_INTERVAL_MS", "1500");
      }
      case SINK -> {
        env.put("SINK_GROUP_ID", "crash-sink");
        env.put("CLICKHOUSE_URL", "http://127.0.0.1:" + clickhouseHttpPort);
        env.put("CLICKHOUSE_DATABASE", DATABASE);
        env.put("KAFKA_CONSUMER_SESSION_TIMEOUT_MS", "6000");
        env.put("KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS", "1500");
      }
      default -> throw new IllegalArgumentException(target + " is not a service");
    }
    return env;
  }

  private static String mainClass(CrashTarget target, Optional<Disabled> disabled) {
    return switch (target) {
      case INGEST -> "dev.tributary.ingest.app.Main";
      case STREAMS -> disabled.equals(Optional.of(Disabled.DEDUPE))
          ? StreamsWithoutDedupeMain.class.getName() : "dev.tributary.streams.app.Main";
      case SINK -> disabled.equals(Optional.of(Disabled.RESUME))
          ? SinkWithoutWarehouseResumeMain.class.getName() : "dev.tributary.sink.app.Main";
      default -> throw new IllegalArgumentException(target + " is not a service");
    };
  }

  private static String name(CrashTarget target) {
    return target.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  static String logSince(Path file, long offset) throws IOException {
    if (!Files.exists(file)) {
      return "";
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long length = f.length();
      if (length <= offset) {
        return "";
      }
      byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, length - offset)];
      f.seek(offset);
      f.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
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
