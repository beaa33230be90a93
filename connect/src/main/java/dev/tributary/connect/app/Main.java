package dev.tributary.connect.app;

import dev.tributary.common.app.ServiceMain;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.connect.config.ConnectConfigs;
import dev.tributary.connect.config.ConnectSettings;
import dev.tributary.connect.mapping.CdcMapping;
import dev.tributary.connect.mapping.MappingException;
import dev.tributary.connect.mapping.SchemaCheck;
import dev.tributary.connect.postgres.PostgresCatalog;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the CDC worker: reads the environment (and {@code TRIBUTARY_CONFIG_FILE}), reads
 * the mapping file and checks it against the database (every problem at once, exit 2), starts a
 * Kafka Connect worker in distributed mode in this JVM (REST API on {@code connect.rest.port}), then
 * puts the Debezium PostgreSQL connector's configuration through that API. Connect's own shutdown
 * hook stops the worker on SIGTERM. Exit statuses follow {@link ServiceMain}.
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);
  private static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(120);

  private Main() {}

  public static void main(String[] args) {
    ServiceMain.run("connect", () -> {
      LayeredConfig config = ConnectSettings.resolve(System.getenv(), Map.of());
      ConnectSettings settings = ConnectSettings.from(config);
      log.info("connect configuration:\n{}", config.describe());
      Map<String, String> mappingKeys = readMapping(settings);
      CdcMapping mapping = parse(settings, mappingKeys);
      check(settings, mapping);
      Connect<?> connect = new ConnectDistributed().startConnect(ConnectConfigs.worker(settings));
      try {
        new ConnectRest(settings.restUrl()).putConnector(settings.connectorName(),
            ConnectConfigs.connector(settings, mapping, mappingKeys), REGISTER_TIMEOUT);
      } catch (RuntimeException | InterruptedException e) {
        connect.stop();
        throw e;
      }
      log.info("Connector {} registered: {} table(s) of {} → {}", settings.connectorName(), mapping.tables().size(),
          settings.postgresDatabase(), settings.source());
      connect.awaitStop();
      return 0;
    });
  }

  private static Map<String, String> readMapping(ConnectSettings settings) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(settings.mappingFile(), StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new ConfigException(ConnectSettings.MAPPING_FILE, settings.mappingFile().toString(),
          "cannot read the mapping file: " + e.getMessage());
    }
    Map<String, String> keys = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> keys.put(k, p.getProperty(k)));
    return keys;
  }

  private static CdcMapping parse(ConnectSettings settings, Map<String, String> keys) {
    try {
      return CdcMapping.parse(keys);
    } catch (MappingException e) {
      throw new ConfigException(ConnectSettings.MAPPING_FILE + " " + settings.mappingFile() + ": " + e.getMessage());
    }
  }

  private static void check(ConnectSettings settings, CdcMapping mapping) {
    List<String> problems;
    try (PostgresCatalog catalog = PostgresCatalog.connect(settings.jdbcUrl(), settings.postgresUser(),
        settings.postgresPassword().value())) {
      problems = SchemaCheck.problems(mapping, catalog::shape);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(ConnectSettings.MAPPING_FILE + " " + settings.mappingFile() + " does not fit database "
          + settings.postgresDatabase() + ": " + String.join("; ", problems));
    }
  }
}
