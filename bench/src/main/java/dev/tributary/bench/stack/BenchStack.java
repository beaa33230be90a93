package dev.tributary.bench.stack;

import dev.tributary.bench.report.ProcStatus;
import dev.tributary.common.config.PipelineConfig;
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
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's own stack: a Kafka broker JVM, ClickHouse and Apicurio Registry on free ports
 * with state in {@code <root>/.tributary/bench/} (wiped at start, so runs do not influence each
 * other), plus the service JVMs each stage starts. Every process is a {@link ManagedProcess}, so an
 * orphan guard stops it if the bench JVM dies; {@link #close()} stops the rest in reverse order.
 *
 * <p>Thread-safe: process bookkeeping is synchronized; {@link #close()} is idempotent (it also
 * runs from the shutdown hook).
 */
public final class BenchStack implements AutoCloseable {

  private static final Duration SERVICE_STOP_GRACE = ServiceLauncher.DEFAULT_STOP_GRACE;

  private final Path stateDir;
  private final PrintStream out;
  private final FileChannel lockChannel;
  private final ServiceLauncher launcher;
  private final List<ManagedProcess> processes = new ArrayList<>();
  private KafkaBrokerProcess kafka;
  private ClickHouseProcess clickhouse;
  private RegistryProcess registry;
  private boolean closed;

  private BenchStack(Path stateDir, PrintStream out, FileChannel lockChannel) {
    this.stateDir = stateDir;
    this.out = out;
    this.lockChannel = lockChannel;
    this.launcher = new ServiceLauncher(ServiceClassPath.current(), stateDir.resolve("work"), SERVICE_STOP_GRACE);
  }

  /** Wipes {@code stateDir}, starts Kafka, ClickHouse and the registry; on failure stops what started. */
  public static BenchStack start(Path stateDir, PrintStream out) {
    FileChannel lock = lock(stateDir);
    BenchStack stack = new BenchStack(stateDir, out, lock);
    try {
      stack.startComponents();
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private static FileChannel lock(Path stateDir) {
    try {
      Files.createDirectories(stateDir.getParent());
      FileChannel channel = FileChannel.open(stateDir.resolveSibling("bench.lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        throw new IllegalStateException("another benchmark is running on " + stateDir + "; wait for it to finish");
      }
      return channel;
    } catch (IOException e) {
      throw new UncheckedIOException("could not lock " + stateDir, e);
    }
  }

  private void startComponents() {
    Dirs.deleteRecursively(stateDir);
    int kafkaPort = Ports.free();
    out.println("bench: starting Kafka on localhost:" + kafkaPort + " ...");
    kafka = KafkaBrokerProcess.start(stateDir.resolve("kafka"), logFile("kafka"), kafkaPort, Ports.free(),
        Java.currentClassPath(), "1g");
    track(kafka.process());
    int http = Ports.free();
    out.println("bench: starting ClickHouse on 127.0.0.1:" + http + " ...");
    clickhouse = ClickHouseProcess.start(stateDir.resolve("clickhouse"), logFile("clickhouse"), http, Ports.free());
    track(clickhouse.process());
    out.println("bench: starting Apicurio Registry (about 10 s) ...");
    registry = RegistryProcess.start(stateDir.resolve("registry"), logFile("registry"), Ports.free(),
        kafka.bootstrapServers());
    track(registry.process());
  }

  public Path stateDir() {
    return stateDir;
  }

  public Path logFile(String name) {
    return stateDir.resolve("logs").resolve(name + ".log");
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public String registryUrl() {
    return registry.ccompatUrl();
  }

  public ClickHouseHttp clickhouse() {
    return new ClickHouseHttp(clickhouse.httpUrl(), "default", "", Duration.ofSeconds(120));
  }

  public String clickhouseUrl() {
    return clickhouse.httpUrl();
  }

  public int clickhouseTcpPort() {
    return clickhouse.tcpPort();
  }

  public void createTopics(int partitions, String... names) {
    KafkaTopics.ensure(kafka.bootstrapServers(), partitions, names);
  }

  /** The settings every service shares, by config key: where Kafka and the registry are. */
  public Map<String, String> commonSettings() {
    Map<String, String> settings = new HashMap<>();
    settings.put(PipelineConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    settings.put(PipelineConfig.SCHEMA_REGISTRY_URL, registry.ccompatUrl());
    return settings;
  }

  /**
   * Starts a service JVM through the {@link ServiceLauncher} with the bench's own class path (which
   * holds all three services) and the same JVM flags as the local stack gives them; with
   * {@code profile} it records a JFR profile to {@code <state>/<name>.jfr}.
   */
  public RunningService startService(String name, PipelineService service, Map<String, String> settings, boolean profile) {
    JvmOptions jvm = profile
        ? JvmOptions.DEFAULT.plus("-XX:StartFlightRecording=filename=" + jfrFile(name).toAbsolutePath()
            + ",settings=profile,dumponexit=true")
        : JvmOptions.DEFAULT;
    RunningService running = launcher.start(service, name, settings, jvm, logFile(name));
    track(running.process());
    return running;
  }

  /** Starts a one-off tool JVM (e.g. Kafka's ProducerPerformance) with the bench's class path. */
  public ManagedProcess startTool(String name, List<String> mainAndArgs) {
    List<String> command = new ArrayList<>(List.of(Java.current(), "-Xmx1g", "-cp", Java.currentClassPath()));
    command.addAll(mainAndArgs);
    ManagedProcess p = ManagedProcess.start(name, command, stateDir.resolve("work"), logFile(name), Map.of(), SERVICE_STOP_GRACE);
    track(p);
    return p;
  }

  public Path jfrFile(String name) {
    return stateDir.resolve(name + ".jfr");
  }

  /** Stops one process started through this stack (SIGTERM, grace, SIGKILL). */
  public void stop(ManagedProcess p) {
    p.stop();
    synchronized (this) {
      processes.remove(p);
    }
  }

  /**
   * The pids of the stack's own components by name ({@code kafka}, {@code clickhouse},
   * {@code registry}, as the log files are named), for their CPU time and memory.
   */
  public synchronized Map<String, Long> componentPids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    pids.put("kafka", kafka.process().pid());
    pids.put("clickhouse", clickhouse.process().pid());
    pids.put("registry", registry.process().pid());
    return pids;
  }

  /**
   * Stops every process started after the components (service and tool JVMs a failed stage left
   * running); Kafka, ClickHouse and the registry keep running for the next stage.
   */
  public void stopServices() {
    List<ManagedProcess> toStop;
    synchronized (this) {
      toStop = new ArrayList<>(processes);
      toStop.removeAll(List.of(kafka.process(), clickhouse.process(), registry.process()));
    }
    for (ManagedProcess p : toStop) {
      try {
        stop(p);
      } catch (RuntimeException e) {
        out.println("bench: could not stop " + p + ": " + e.getMessage());
      }
    }
  }

  /** VmRSS in KiB of every live process of the stack and of this JVM, by name. */
  public synchronized Map<String, Long> residentMemoryKib() {
    Map<String, Long> rss = new LinkedHashMap<>();
    for (ManagedProcess p : processes) {
      if (p.isAlive()) {
        rss.put(p.name(), ProcStatus.vmRssKib(p.pid()));
      }
    }
    rss.put("bench (load generator)", ProcStatus.vmRssKib(ProcessHandle.current().pid()));
    return rss;
  }

  private synchronized void track(ManagedProcess p) {
    processes.add(p);
  }

  /** Stops every process in reverse start order and releases the state-dir lock. */
  @Override
  public void close() {
    List<ManagedProcess> toStop;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toStop = new ArrayList<>(processes);
      processes.clear();
    }
    for (int i = toStop.size() - 1; i >= 0; i--) {
      ManagedProcess p = toStop.get(i);
      try {
        p.stop();
      } catch (RuntimeException e) {
        out.println("bench: could not stop " + p + ": " + e.getMessage());
      }
    }
    try {
      lockChannel.close();
    } catch (IOException e) {
      out.println("bench: could not release the lock: " + e.getMessage());
    }
  }
}
