package dev.tributary.localstack.cli;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.common.config.PipelineConfig;
import dev.tributary.common.config.WiringKeys;
import dev.tributary.localstack.component.ClickHouseCluster;
import dev.tributary.localstack.component.ClickHouseClusterConfig;
import dev.tributary.localstack.component.ClickHouseProcess;
import dev.tributary.localstack.component.KafkaBrokerProcess;
import dev.tributary.localstack.component.KafkaBrokerProperties.Replication;
import dev.tributary.localstack.component.KafkaCluster;
import dev.tributary.localstack.component.KafkaClusterConfig;
import dev.tributary.localstack.component.KafkaTopics;
import dev.tributary.localstack.component.RegistryProcess;
import dev.tributary.localstack.demo.DemoExperiment;
import dev.tributary.localstack.demo.DemoExperimentTraffic;
import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.localstack.process.Ports;
import dev.tributary.localstack.process.ProcessTable;
import dev.tributary.localstack.service.JvmOptions;
import dev.tributary.localstack.service.PipelineService;
import dev.tributary.localstack.service.RunningService;
import dev.tributary.localstack.service.ServiceClassPath;
import dev.tributary.localstack.service.ServiceLauncher;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running local stack: Kafka (own JVM, or a cluster of three with {@code --cluster}), Apicurio Registry
 * and ClickHouse processes (a 2 x 2 cluster with {@code --cluster}), the
 * pipeline topics, and the ingest, streams, sink and console services each in its own JVM. Started in
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
  private static final Duration SERVICE_READY_TIMEOUT = Duration.ofSeconds(90);

  private final StackLayout layout;
  private final StackPorts ports;
  private final PidFile pids;
  private final PidOwnership ownership;
  private final ServiceLauncher launcher;
  private final PrintStream out;
  private final Deque<ManagedProcess> started = new ArrayDeque<>();
  private ClickHouseCluster cluster;
  private KafkaCluster kafkaCluster;
  private String bootstrapServers;
  private boolean closed;

  private LocalStack(StackLayout layout, StackPorts ports, ProcessTable processTable, PrintStream out) {
    this.layout = layout;
    this.ports = ports;
    this.out = out;
    this.pids = new PidFile(layout.pidFile());
    this.ownership = new PidOwnership(processTable);
    this.launcher = new ServiceLauncher(ServiceClassPath.builtModules(layout.root()), layout.root(),
        ServiceLauncher.DEFAULT_STOP_GRACE);
  }

  /** Starts everything (or only the components when {@code infraOnly}); on failure stops what started. */
  public static LocalStack up(StackLayout layout, StackPorts ports, boolean infraOnly, PrintStream out) {
    return up(layout, ports, infraOnly, false, out);
  }

  /**
   * Starts everything (or only the components when {@code infraOnly}); when {@code cluster}, Kafka as
   * {@value KafkaCluster#DEFAULT_SIZE} brokers (replication factor 3, {@code min.insync.replicas=2}) and
   * ClickHouse as {@value #CLUSTER_SHARDS} shards x {@value #CLUSTER_REPLICAS} replicas with ZooKeeper; on
   * failure stops what started.
   */
  public static LocalStack up(StackLayout layout, StackPorts ports, boolean infraOnly, boolean cluster,
      PrintStream out) {
    LocalStack stack = new LocalStack(layout, ports, ProcessTable.system(), out);
    try {
      stack.start(infraOnly, cluster);
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void start(boolean infraOnly, boolean clusters) {
    List<PidFile.Entry> previous = PidFile.read(layout.pidFile());
    ownership.firstRunning(previous).ifPresent(e -> {
      throw new IllegalStateException("a local stack is already running (" + e.name() + " pid " + e.pid()
          + " in " + layout.pidFile() + "); stop it with 'tributary down'");
    });
    if (!previous.isEmpty()) {
      out.println("Ignoring " + layout.pidFile() + " left by an earlier run: none of its processes is still ours.");
    }
    Ports.requireFree("Kafka", ports.kafka());
    Ports.requireFree("Kafka controller", ports.kafkaController());
    Ports.requireFree("Schema registry", ports.registry());
    Ports.requireFree("ClickHouse HTTP", ports.clickhouseHttp());
    Ports.requireFree("ClickHouse TCP", ports.clickhouseTcp());
    if (!infraOnly) {
      Ports.requireFree("Ingest HTTP", ports.ingest());
      Ports.requireFree("Streams admin", ports.streamsAdmin());
      Ports.requireFree("Sink admin", ports.sinkAdmin());
      Ports.requireFree("Console HTTP", ports.console());
      for (PipelineService service : PipelineService.values()) {
        launcher.requireStartable(service); // fail before starting anything
      }
    }
    layout.savePorts(ports);
    layout.clearStopRequest();
    pids.delete();
    pids.add(ownership.entry("cli", ProcessHandle.current().pid()));

    if (clusters) {
      out.println("Starting a Kafka cluster of " + KafkaCluster.DEFAULT_SIZE + " brokers (replication factor "
          + CLUSTER_REPLICATION.factor() + ", min.insync.replicas " + CLUSTER_REPLICATION.minInSync()
          + "; the first on localhost:" + ports.kafka() + ") ...");
      kafkaCluster = startKafkaCluster();
      kafkaCluster.processes().forEach(this::track);
      bootstrapServers = kafkaCluster.bootstrapServers();
    } else {
      out.println("Starting Kafka on localhost:" + ports.kafka() + " ...");
      KafkaBrokerProcess kafka = KafkaBrokerProcess.start(layout.dataDir("kafka"), layout.logFile("kafka"),
          ports.kafka(), ports.kafkaController());
      track(kafka.process());
      bootstrapServers = kafka.bootstrapServers();
    }
    if (clusters) {
      out.println("Starting ZooKeeper and a ClickHouse cluster of " + CLUSTER_SHARDS + " shards x " + CLUSTER_REPLICAS
          + " replicas (the first on 127.0.0.1:" + ports.clickhouseHttp() + ") ...");
      cluster = startCluster();
      cluster.processes().forEach(this::track);
    } else {
      out.println("Starting ClickHouse on 127.0.0.1:" + ports.clickhouseHttp() + " ...");
      ClickHouseProcess clickhouse = ClickHouseProcess.start(layout.dataDir("clickhouse"), layout.logFile("clickhouse"),
          ports.clickhouseHttp(), ports.clickhouseTcp());
      track(clickhouse.process());
    }
    out.println("Starting Apicurio Registry on 127.0.0.1:" + ports.registry() + " (about 10 s) ...");
    RegistryProcess registry = RegistryProcess.start(layout.dataDir("registry"), layout.logFile("registry"),
        ports.registry(), bootstrapServers);
    track(registry.process());
    KafkaTopics.ensure(bootstrapServers, TOPIC_PARTITIONS, replicationFactor(), TOPICS.toArray(String[]::new));

    if (!infraOnly) {
      Path example = layout.root().resolve(EXAMPLE_EXPERIMENTS);
      if (Files.isRegularFile(example)) {
        // the services read the stack's own copy, which the demo ramps; each start begins at the first step
        DemoExperimentTraffic.writeDefinitions(example, layout.servedDefinitions(), DemoExperiment.RAMP.get(0),
            java.time.Instant.now());
      }
      List<RunningService> services = new ArrayList<>();
      for (PipelineService service : PipelineService.values()) {
        out.println("Starting " + service.processName() + " (" + service.mainClass() + ") ...");
        Map<String, String> settings = new LinkedHashMap<>(settings(service, ports));
        settings.putAll(demoSettings(service, layout));
        if (cluster != null && service == PipelineService.SINK) {
          settings.putAll(clusterSettings(cluster.config()));
        }
        if (kafkaCluster != null) {
          settings.putAll(kafkaClusterSettings(service, kafkaCluster.bootstrapServers()));
        }
        RunningService running = launcher.start(service, service.processName(), settings,
            JvmOptions.DEFAULT, layout.logFile(service.processName()));
        track(running.process());
        services.add(running);
      }
      for (RunningService running : services) {
        running.awaitReady(SERVICE_READY_TIMEOUT);
      }
    }
  }

  /**
   * The settings of {@code service} in the local stack: where Kafka, the registry and ClickHouse
   * are, the catalogue's default topics, for ingest its port and the demo write key, for streams and
   * sink their admin port.
   */
  /** The example experiment definitions, relative to the project root. */
  static final String EXAMPLE_EXPERIMENTS = "experiments/definitions.example.yaml";

  static Map<String, String> settings(PipelineService service, StackPorts ports) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(PipelineConfig.BOOTSTRAP_SERVERS, "localhost:" + ports.kafka());
    s.put(PipelineConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:" + ports.registry() + RegistryProcess.CCOMPAT_PATH);
    s.putAll(TopicNames.defaults(Datasets.ALL).configuration());
    switch (service) {
      case INGEST -> {
        s.put(WiringKeys.HTTP_PORT, Integer.toString(ports.ingest()));
        s.put(WiringKeys.INGEST_WRITE_KEYS, DEMO_WRITE_KEY + ":demo");
      }
      case STREAMS -> s.put(WiringKeys.ADMIN_PORT, Integer.toString(ports.streamsAdmin()));
      case SINK -> {
        s.put(WiringKeys.CLICKHOUSE_URL, "http://127.0.0.1:" + ports.clickhouseHttp());
        s.put(WiringKeys.ADMIN_PORT, Integer.toString(ports.sinkAdmin()));
      }
      case CONSOLE -> {
        // reads as the local ClickHouse's read-only analyst, the console's default user
        s.put(WiringKeys.CLICKHOUSE_URL, "http://127.0.0.1:" + ports.clickhouseHttp());
        s.put(WiringKeys.HTTP_PORT, Integer.toString(ports.console()));
      }
    }
    return s;
  }

  /**
   * What the local stack adds for its demo: ingest and streams serve the stack's copy of the example experiment
   * definitions (when the project has them; {@link DemoExperiment} ramps it) and the console reports on it, and
   * streams counts a session converted on the demo's {@code purchase} event.
   */
  static Map<String, String> demoSettings(PipelineService service, StackLayout layout) {
    Map<String, String> s = new LinkedHashMap<>();
    boolean experiments = Files.isRegularFile(layout.root().resolve(EXAMPLE_EXPERIMENTS));
    if (experiments && (service == PipelineService.INGEST || service == PipelineService.STREAMS
        || service == PipelineService.CONSOLE)) {
      s.put(WiringKeys.EXPERIMENTS_DEFINITIONS_FILE, layout.servedDefinitions().toString());
    }
    if (service == PipelineService.STREAMS) {
      s.put(WiringKeys.SESSIONS_CONVERSION_EVENTS, "purchase");
    }
    return s;
  }

  /** Shards and replicas of the cluster shape ({@code up --cluster}). */
  static final int CLUSTER_SHARDS = 2;
  static final int CLUSTER_REPLICAS = 2;

  /**
   * The sink's settings for the cluster shape (the keys of its {@code ClusterSettings}, which this module
   * does not depend on): the servers shard by shard; {@code clickhouse.url} stays the first replica, which
   * the console and the sink's audit gauges read through (its views read the Distributed tables).
   */
  static Map<String, String> clusterSettings(ClickHouseClusterConfig config) {
    return Map.of("clickhouse.shape", "cluster", "clickhouse.cluster.name", config.name(),
        "clickhouse.cluster.shards", config.shardUrls());
  }

  /** Replication of the Kafka cluster's topics ({@code up --cluster}). */
  static final Replication CLUSTER_REPLICATION = KafkaClusterConfig.DEFAULT_REPLICATION;

  /**
   * What a service changes on the Kafka cluster: every broker to bootstrap from, and, for the services that
   * create topics, the cluster's replication factor (the brokers' {@code min.insync.replicas} of 2 applies).
   */
  static Map<String, String> kafkaClusterSettings(PipelineService service, String bootstrapServers) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(PipelineConfig.BOOTSTRAP_SERVERS, bootstrapServers);
    if (service != PipelineService.CONSOLE) {
      s.put(PipelineConfig.TOPIC_REPLICATION_FACTOR, Integer.toString(CLUSTER_REPLICATION.factor()));
    }
    return s;
  }

  /** The first broker on the stack's Kafka ports (where single-node users look), the others on free ports. */
  private KafkaCluster startKafkaCluster() {
    List<KafkaClusterConfig.Node> nodes = new ArrayList<>();
    nodes.add(new KafkaClusterConfig.Node(1, ports.kafka(), ports.kafkaController()));
    for (int id = 2; id <= KafkaCluster.DEFAULT_SIZE; id++) {
      nodes.add(new KafkaClusterConfig.Node(id, Ports.free(), Ports.free()));
    }
    return KafkaCluster.start(layout.dataDir("kafka-cluster"), layout::logFile, nodes,
        dev.tributary.localstack.process.Java.currentClassPath(), KafkaCluster.STACK_JVM);
  }

  /** The first replica on the stack's ClickHouse ports (where single-node users look), the others on free ports. */
  private ClickHouseCluster startCluster() {
    List<List<ClickHouseClusterConfig.Node>> layoutOfNodes = new ArrayList<>();
    for (int s = 1; s <= CLUSTER_SHARDS; s++) {
      List<ClickHouseClusterConfig.Node> replicas = new ArrayList<>();
      for (int r = 1; r <= CLUSTER_REPLICAS; r++) {
        boolean first = s == 1 && r == 1;
        replicas.add(new ClickHouseClusterConfig.Node(s, r, first ? ports.clickhouseHttp() : Ports.free(),
            first ? ports.clickhouseTcp() : Ports.free(), Ports.free()));
      }
      layoutOfNodes.add(replicas);
    }
    return ClickHouseCluster.start(layout.dataDir("clickhouse-cluster"), layout::logFile, Ports.free(), layoutOfNodes,
        Duration.ofSeconds(30));
  }

  /** Where the stack's Kafka is: one broker, or every broker of the cluster ({@code --cluster}). */
  public synchronized String bootstrapServers() {
    return bootstrapServers;
  }

  /** Replication factor of the topics on the stack's Kafka: 1, or 3 on the cluster. */
  public synchronized short replicationFactor() {
    return (short) (kafkaCluster == null ? 1 : CLUSTER_REPLICATION.factor());
  }

  /** The ClickHouse cluster when started with {@code --cluster}. */
  public synchronized java.util.Optional<ClickHouseCluster> cluster() {
    return java.util.Optional.ofNullable(cluster);
  }

  private void track(ManagedProcess process) {
    synchronized (this) {
      started.push(process);
    }
    pids.add(ownership.entry(process.name(), process.pid()));
  }

  /**
   * Takes a process started beside the stack (the CDC components) into its care: stopped with it in
   * reverse start order and listed in the pid file.
   */
  public void adopt(ManagedProcess process) {
    track(process);
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
