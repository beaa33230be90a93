package dev.tributary.localstack.cdc;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.common.config.PipelineConfig;
import dev.tributary.localstack.cli.StackLayout;
import dev.tributary.localstack.component.PostgresProcess;
import dev.tributary.localstack.process.Http;
import dev.tributary.localstack.process.Java;
import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.localstack.process.Ports;
import dev.tributary.localstack.process.Readiness;
import dev.tributary.localstack.service.ServiceLauncher;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Change data capture in the local stack ({@code tributary up --cdc}): a PostgreSQL server on the
 * project's data directory with the demo's {@code shop} database and {@code orders} table, and the
 * CDC worker (the {@code connect} module's Kafka Connect worker with the Debezium PostgreSQL
 * connector) capturing it with the example mapping {@value #EXAMPLE_MAPPING}. Each process is handed
 * to {@code track} so the stack stops it and lists it in its pid file.
 *
 * <p>Not thread-safe; built once by the CLI.
 */
public final class CdcStack {

  /** The demo database captured. */
  public static final String DATABASE = "shop";
  /** PostgreSQL's port in the local stack. */
  public static final int POSTGRES_PORT = 15432;
  /** The Kafka Connect REST API's port in the local stack. */
  public static final int CONNECT_PORT = 18083;
  /** The example mapping, relative to the project root. */
  public static final String EXAMPLE_MAPPING = "connect/cdc-mapping.example.properties";
  private static final String CONNECTOR = "tributary-postgres";
  private static final String MODULE = "connect";
  private static final String MAIN_CLASS = "dev.tributary.connect.app.Main";
  private static final Pattern TASK_RUNNING = Pattern.compile("\"tasks\":\\[\\{[^}]*\"state\":\"RUNNING\"");
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private final PostgresProcess postgres;

  private CdcStack(PostgresProcess postgres) {
    this.postgres = postgres;
  }

  /** Fails before anything starts when the ports are taken or the connect module is not built. */
  public static void requireStartable(StackLayout layout) {
    Ports.requireFree("PostgreSQL", POSTGRES_PORT);
    Ports.requireFree("Kafka Connect REST", CONNECT_PORT);
    classPath(layout.root());
  }

  /**
   * Starts PostgreSQL, creates the demo schema when absent, starts the CDC worker and waits until
   * its connector's task runs.
   *
   * @param kafka the bootstrap servers; {@code registryUrl} the Confluent-compatible API base
   * @param replicationFactor of the worker's storage topics: the stack's (3 on the Kafka cluster, whose
   *     {@code min.insync.replicas=2} refuses every write to a topic of one replica)
   */
  public static CdcStack start(StackLayout layout, String kafka, String registryUrl, short replicationFactor,
      Consumer<ManagedProcess> track, PrintStream out) {
    out.println("Starting PostgreSQL on 127.0.0.1:" + POSTGRES_PORT + " (wal_level=logical) ...");
    PostgresProcess postgres = PostgresProcess.start(layout.dataDir("postgres"), layout.logFile("postgres"), POSTGRES_PORT);
    track.accept(postgres.process());
    createShop(postgres);
    out.println("Starting the CDC worker (Kafka Connect + Debezium, REST on 127.0.0.1:" + CONNECT_PORT + ") ...");
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(PipelineConfig.BOOTSTRAP_SERVERS, kafka);
    settings.put(PipelineConfig.SCHEMA_REGISTRY_URL, registryUrl);
    settings.putAll(TopicNames.defaults(List.of(Datasets.RAW, Datasets.DEAD_LETTERS)).configuration());
    settings.put("connect.rest.port", Integer.toString(CONNECT_PORT));
    settings.put("connect.storage.replication.factor", Short.toString(replicationFactor));
    settings.put("cdc.mapping.file", layout.root().resolve(EXAMPLE_MAPPING).toString());
    settings.put("postgres.port", Integer.toString(POSTGRES_PORT));
    settings.put("postgres.database", DATABASE);
    List<String> command = List.of(Java.current(), "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
        "-cp", classPath(layout.root()), MAIN_CLASS);
    ManagedProcess worker = ManagedProcess.start("connect", command, layout.root(), layout.logFile("connect"),
        ServiceLauncher.environment(settings), Duration.ofSeconds(30));
    track.accept(worker);
    String status = "http://127.0.0.1:" + CONNECT_PORT + "/connectors/" + CONNECTOR + "/status";
    Readiness.await("CDC connector " + CONNECTOR, worker, READY_TIMEOUT, Duration.ofMillis(500),
        () -> TASK_RUNNING.matcher(Http.get(status, Duration.ofSeconds(5)).body()).find());
    return new CdcStack(postgres);
  }

  /** The JDBC URL of the demo database. */
  public String jdbcUrl() {
    return postgres.jdbcUrl(DATABASE);
  }

  /** Where the local stack's PostgreSQL listens. */
  public int postgresPort() {
    return postgres.port();
  }

  /** The demo schema: the {@code orders} table the example mapping captures (inserts, updates, deletes). */
  static void createShop(PostgresProcess postgres) {
    try {
      try (Connection c = connect(postgres.jdbcUrl("postgres")); Statement st = c.createStatement()) {
        if (!st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'").next()) {
          st.execute("CREATE DATABASE " + DATABASE);
        }
      }
      try (Connection c = connect(postgres.jdbcUrl(DATABASE)); Statement st = c.createStatement()) {
        st.execute("CREATE TABLE IF NOT EXISTS orders (id bigserial PRIMARY KEY, customer_id text NOT NULL,"
            + " amount numeric(12,2) NOT NULL, currency text NOT NULL DEFAULT 'EUR', status text NOT NULL,"
            + " updated_at timestamptz NOT NULL DEFAULT now())");
        st.execute("ALTER TABLE orders REPLICA IDENTITY FULL");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not create the demo database " + DATABASE + ": " + e.getMessage(), e);
    }
  }

  static Connection connect(String jdbcUrl) throws SQLException {
    return DriverManager.getConnection(jdbcUrl, PostgresProcess.SUPERUSER, "");
  }

  private static String classPath(Path root) {
    Path target = root.resolve(MODULE).resolve("target");
    Path classes = target.resolve("classes");
    Path runtime = target.resolve("runtime-classpath.txt");
    if (!Files.isRegularFile(classes.resolve(MAIN_CLASS.replace('.', '/') + ".class")) || !Files.isRegularFile(runtime)) {
      throw new IllegalStateException("the CDC worker is not built (" + runtime + " is missing): ./mvnw -q -DskipTests package");
    }
    try {
      return classes + File.pathSeparator + Files.readString(runtime, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + runtime, e);
    }
  }
}
