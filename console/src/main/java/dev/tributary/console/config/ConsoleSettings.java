package dev.tributary.console.config;

import dev.tributary.common.config.ConfigErrors;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.common.config.WiringKeys;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The analyst console's configuration, parsed and validated once from {@link #definition()}.
 * The console binds to the loopback interface unless told otherwise, and refuses to bind anywhere
 * else without {@value #PASSWORD}: a console reachable from the network asks for it (HTTP Basic).
 *
 * <p>Immutable and thread-safe. {@link Password} keeps both passwords out of {@link #toString()}.
 */
public record ConsoleSettings(
    String httpHost,
    int httpPort,
    String user,
    Password password,
    String clickhouseUrl,
    String clickhouseUser,
    Password clickhousePassword,
    String clickhouseDatabase,
    Duration clickhouseTimeout,
    int maxRows,
    Duration refresh,
    Optional<Path> experimentDefinitions) {

  public static final String HTTP_HOST = WiringKeys.HTTP_HOST;
  public static final String HTTP_PORT = WiringKeys.HTTP_PORT;
  public static final String USER = "console.user";
  public static final String PASSWORD = "console.password";
  public static final String CLICKHOUSE_URL = WiringKeys.CLICKHOUSE_URL;
  public static final String CLICKHOUSE_USER = "clickhouse.user";
  public static final String CLICKHOUSE_PASSWORD = "clickhouse.password";
  public static final String CLICKHOUSE_DATABASE = WiringKeys.CLICKHOUSE_DATABASE;
  public static final String CLICKHOUSE_TIMEOUT_MS = "clickhouse.timeout.ms";
  public static final String MAX_ROWS = "console.max.rows";
  public static final String REFRESH_MS = "console.refresh.ms";
  public static final String EXPERIMENTS_DEFINITIONS_FILE = WiringKeys.EXPERIMENTS_DEFINITIONS_FILE;
  /** Default of {@link #HTTP_PORT}: after ingest's 8080, the registry's 8081, streams' 8082 and the sink's 8083. */
  public static final int DEFAULT_HTTP_PORT = 8084;
  public static final String DEFAULT_HOST = "127.0.0.1";

  public ConsoleSettings {
    List<String> problems = new ArrayList<>();
    if (password.value().isEmpty() && !isLoopback(httpHost)) {
      problems.add("Invalid value " + httpHost + " for configuration " + HTTP_HOST + ": binding beyond the loopback"
          + " interface needs " + PASSWORD + " (the console would otherwise show the warehouse to anyone who can"
          + " reach it)");
    }
    if (!problems.isEmpty()) {
      throw ConfigErrors.of(problems);
    }
  }

  /** Every key this service reads, with type, default, validator and documentation. */
  public static ConfigDef definition() {
    return new ConfigDef()
        .define(HTTP_HOST, Type.STRING, DEFAULT_HOST, new ConfigDef.NonEmptyStringWithoutControlChars(), Importance.HIGH,
            "Interface the console listens on. The loopback default keeps it on this machine; any other address"
                + " (0.0.0.0 to expose it) requires " + PASSWORD + ".")
        .define(HTTP_PORT, Type.INT, DEFAULT_HTTP_PORT, Range.between(0, 65_535), Importance.HIGH,
            "Port of the console's page and JSON endpoints (0 picks a free one).")
        .define(USER, Type.STRING, "analyst", new ConfigDef.NonEmptyStringWithoutControlChars(), Importance.MEDIUM,
            "User name the browser must give (HTTP Basic) when " + PASSWORD + " is set.")
        .define(PASSWORD, Type.PASSWORD, "", Importance.HIGH,
            "When set, every page and endpoint but /healthz asks for it (HTTP Basic, user " + USER + ")."
                + " Required to bind beyond localhost. Serve it behind TLS when exposed.")
        .define(CLICKHOUSE_URL, Type.STRING, "http://localhost:8123", new ConfigDef.NonEmptyString(), Importance.HIGH,
            "ClickHouse HTTP endpoint, without credentials; read through the JDBC driver.")
        .define(CLICKHOUSE_USER, Type.STRING, "analyst", new ConfigDef.NonEmptyString(), Importance.HIGH,
            "ClickHouse user the console reads as. It must be read-only (readonly=1 or 2): the console checks at"
                + " start and refuses to run as a user that can write.")
        .define(CLICKHOUSE_PASSWORD, Type.PASSWORD, "analyst", Importance.HIGH, "Password of clickhouse.user.")
        .define(CLICKHOUSE_DATABASE, Type.STRING, "tributary", new ConfigDef.NonEmptyStringWithoutControlChars(),
            Importance.HIGH, "Database of the warehouse views.")
        .define(CLICKHOUSE_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(1_000), Importance.LOW,
            "Longest a console query may run before the page gets an error.")
        .define(MAX_ROWS, Type.INT, 10_000, Range.between(1, 1_000_000), Importance.LOW,
            "Rows one endpoint returns at most (also in CSV); the windows the page asks for stay well below.")
        .define(REFRESH_MS, Type.LONG, 5_000L, Range.atLeast(500), Importance.LOW,
            "How often the page refreshes its charts without reloading.")
        .define(EXPERIMENTS_DEFINITIONS_FILE, Type.STRING, "", Importance.MEDIUM,
            "The experiment definitions file the ingest service serves (the same path): the experiment result"
                + " page reads each experiment's variants, designed weights, phase, metrics and planned sample size"
                + " from it, re-reading it when it changes. Empty: the experiments list and ramp history still show,"
                + " the result page says it has no definitions.");
  }

  /** Reads and validates the settings from a loaded configuration. */
  public static ConsoleSettings from(LayeredConfig config) {
    AbstractConfig c = config.values();
    return new ConsoleSettings(
        c.getString(HTTP_HOST),
        c.getInt(HTTP_PORT),
        c.getString(USER),
        c.getPassword(PASSWORD),
        c.getString(CLICKHOUSE_URL),
        c.getString(CLICKHOUSE_USER),
        c.getPassword(CLICKHOUSE_PASSWORD),
        c.getString(CLICKHOUSE_DATABASE),
        Duration.ofMillis(c.getLong(CLICKHOUSE_TIMEOUT_MS)),
        c.getInt(MAX_ROWS),
        Duration.ofMillis(c.getLong(REFRESH_MS)),
        Optional.of(c.getString(EXPERIMENTS_DEFINITIONS_FILE).strip()).filter(f -> !f.isEmpty()).map(Path::of));
  }

  /** Loads from defaults and {@code overrides} only (tests and embedders). */
  public static ConsoleSettings of(Map<String, String> overrides) {
    return from(resolve(Map.of(), overrides));
  }

  /** The resolved, validated configuration, e.g. to log it. */
  public static LayeredConfig resolve(Map<String, String> env, Map<String, String> overrides) {
    return LayeredConfig.load(definition(), env, overrides);
  }

  /** True when a password protects the console. */
  public boolean passwordProtected() {
    return !password.value().isEmpty();
  }

  /** True for {@code localhost}, {@code 127.x} and {@code ::1}; names are resolved (at start only). */
  static boolean isLoopback(String host) {
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      throw new ConfigException(HTTP_HOST, host, "unknown host: " + e.getMessage());
    }
  }
}
