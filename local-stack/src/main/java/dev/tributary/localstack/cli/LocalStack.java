package dev.tributary.localstack.cli;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.localstack.component.ClickHouseProcess;
import dev.tributary.localstack.component.KafkaBrokerProcess;
import dev.tributary.localstack.component.KafkaTopics;
import dev.tributary.localstack.component.RegistryProcess;
import dev.tributary.localstack.process.Java;
import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.localstack.process.Ports;
import dev.tributary.localstack.process.Readiness;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The running local stack: Kafka (own JVM), Apicurio Registry and ClickHouse processes, the
 * pipeline topics, and the ingest, streams and sink services each in its own JVM. Started in
 * dependency order, stopped in reverse by {@link #close()}; every process is listed in the pid file
 * so {@code tributary down} can stop a stack from another terminal.
 *
 * <p>Thread-safe: {@link #close()} is synchronized and idempotent (it runs from the shutdown hook).
 */
public final class LocalStack implements AutoCloseable {

  public static final String DEMO_WRITE_KEY = "demo-key";
  /** Every topic of the catalogue, by its default name (the services run with the defaults). */
  public static final List<String> TOPICS = Datasets.defaultTopicNames();
  public static final int TOPIC_PARTITIONS = 3;
  private static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(30);

  private final StackLayout layout;
  private final StackPorts ports;
  private final PidFile pids;
  private final PrintStream out;
  private final Deque<ManagedProcess> started = new ArrayDeque<>();
  private boolean closed;

  private LocalStack(StackLayout layout, StackPorts ports, PrintStream out) {
    this.layout = layout;
    this.ports = ports;
    this.out = out;
    this.pids = new PidFile(layout.pidFile());
  }

  /** Starts everything (or only the components when {@code infraOnly}); on failure stops what started. */
  public static LocalStack up(StackLayout layout, StackPorts ports, boolean infraOnly, PrintStream out) {
    LocalStack stack = new LocalStack(layout, ports, out);
    try {
      stack.start(infraOnly);
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void start(boolean infraOnly) {
    for (PidFile.Entry e : PidFile.read(layout.pidFile())) {
      if (ProcessHandle.of(e.pid()).map(ProcessHandle::isAlive).orElse(false)) {
        throw new IllegalStateException("a local stack is already running (" + e.name() + " pid " + e.pid()
            + " in " + layout.pidFile() + "); stop it with 'tributary down'");
      }
    }
    Ports.requireFree("Kafka", ports.kafka());
    Ports.requireFree("Kafka controller", ports.kafkaController());
    Ports.requireFree("Schema registry", ports.registry());
    Ports.requireFree("ClickHouse HTTP", ports.clickhouseHttp());
    Ports.requireFree("ClickHouse TCP", ports.clickhouseTcp());
    if (!infraOnly) {
      Ports.requireFree("Ingest HTTP", ports.ingest());
      ServiceSpec.ALL.forEach(s -> s.classPath(layout.root())); // fail before starting anything
    }
    layout.savePorts(ports);
    pids.delete();
    pids.add("cli", ProcessHandle.current().pid());

    out.println("Starting Kafka on localhost:" + ports.kafka() + " ...");
    KafkaBrokerProcess kafka = KafkaBrokerProcess.start(layout.dataDir("kafka"), layout.logFile("kafka"),
        ports.kafka(), ports.kafkaController());
    track(kafka.process());
    out.println("Starting ClickHouse on 127.0.0.1:" + ports.clickhouseHttp() + " ...");
    ClickHouseProcess clickhouse = ClickHouseProcess.start(layout.dataDir("clickhouse"), layout.logFile("clickhouse"),
        ports.clickhouseHttp(), ports.clickhouseTcp());
    track(clickhouse.process());
    out.println("Starting Apicurio Registry on 127.0.0.1:" + ports.registry() + " (about 10 s) ...");
    RegistryProcess registry = RegistryProcess.start(layout.dataDir("registry"), layout.logFile("registry"),
        ports.registry(), kafka.bootstrapServers());
    track(registry.process());
    KafkaTopics.ensure(kafka.bootstrapServers(), TOPIC_PARTITIONS, TOPICS.toArray(String[]::new));

    if (!infraOnly) {
      for (ServiceSpec spec : ServiceSpec.ALL) {
        out.println("Starting " + spec.name() + " (" + spec.mainClass() + ") ...");
        List<String> command = List.of(Java.current(), "-Xms64m", "-Xmx512m", "-Djava.awt.headless=true",
            "-cp", spec.classPath(layout.root()), spec.mainClass());
        ManagedProcess process = ManagedProcess.start(spec.name(), command, layout.root(), layout.logFile(spec.name()),
            ServiceSpec.environment(ports), SERVICE_STOP_GRACE);
        track(process);
      }
      ManagedProcess ingest = started.stream().filter(p -> p.name().equals("ingest")).findFirst().orElseThrow();
      Readiness.await("ingest service on port " + ports.ingest(), ingest, Duration.ofSeconds(90), Duration.ofMillis(250),
          () -> Ports.isListening("127.0.0.1", ports.ingest()));
    }
  }

  private void track(ManagedProcess process) {
    synchronized (this) {
      started.push(process);
    }
    pids.add(process.name(), process.pid());
  }

  /** The processes started, in start order. */
  public synchronized List<ManagedProcess> processes() {
    List<ManagedProcess> list = new ArrayList<>(started);
    java.util.Collections.reverse(list);
    return list;
  }

  public StackPorts ports() {
    return ports;
  }

  public StackLayout layout() {
    return layout;
  }

  /** Stops every process in reverse start order and removes the pid file. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    while (!started.isEmpty()) {
      ManagedProcess p = started.pop();
      out.println("Stopping " + p.name() + " (pid " + p.pid() + ") ...");
      try {
        p.stop();
      } catch (RuntimeException e) {
        out.println("  could not stop " + p.name() + ": " + e.getMessage());
      }
      pids.remove(p.name());
    }
    pids.delete();
  }
}
