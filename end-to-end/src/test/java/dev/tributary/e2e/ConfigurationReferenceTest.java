package dev.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.kafka.TopicInitSettings;
import dev.tributary.console.config.ConsoleSettings;
import dev.tributary.connect.config.ConnectSettings;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.localstack.cli.StackLayout;
import dev.tributary.sink.config.SinkSettings;
import dev.tributary.streams.config.StreamsSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/CONFIGURATION.md} equal to what the services' {@code ConfigDef}s say. After
 * changing a key, regenerate it with
 * {@code ./mvnw -pl end-to-end test -Dtest=ConfigurationReferenceTest -Dconfig.reference.write=true}.
 */
class ConfigurationReferenceTest {

  static String generate() {
    return "# Configuration reference\n\n"
        + "Generated from the services' `ConfigDef`s by `ConfigurationReferenceTest`; do not edit by hand.\n"
        + "Each service reads defaults < the properties file named by `TRIBUTARY_CONFIG_FILE` < environment"
        + " variables (`sink.batch.rows` ↔ `SINK_BATCH_ROWS`), validates every key at start and reports all"
        + " errors at once. A pass-through client setting may not override a typed key nor a guarantee-carrying"
        + " setting (acks, idempotence, serializers, isolation level, auto-commit, processing guarantee, group or"
        + " application id): it is rejected at start, naming the key. A service with invalid configuration exits"
        + " with status 2.\n\n"
        + ConfigReference.markdown("ingest-service", "Client settings pass through with the prefix `kafka.producer.`"
            + " (e.g. `KAFKA_PRODUCER_LINGER_MS`).", IngestSettings.definition())
        + ConfigReference.markdown("transform-streams", "Kafka Streams settings pass through with the prefix"
            + " `streams.` (also for the embedded clients: `streams.producer.`, `streams.main.consumer.`...).", StreamsSettings.definition())
        + ConfigReference.markdown("warehouse-sink", "Consumer settings pass through with the prefix"
            + " `kafka.consumer.`.", SinkSettings.definition())
        + ConfigReference.markdown("topic-init", "The deployment's job that creates every catalogue topic before the"
            + " services start (docker-compose.yml; `dev.tributary.common.app.TopicInitMain`).", TopicInitSettings.definition())
        + ConfigReference.markdown("console", "The analyst console ([CONSOLE.md](CONSOLE.md)); reads ClickHouse as a"
            + " read-only user and has no pass-through settings.", ConsoleSettings.definition())
        + ConfigReference.markdown("connect", "The CDC worker (Kafka Connect + Debezium PostgreSQL); the mapping file's"
            + " keys are described in docs/SOURCES.md.", ConnectSettings.definition());
  }

  @Test
  void shouldMatchTheServicesConfigDefinitions() throws Exception {
    Path doc = StackLayout.discover(Optional.empty()).root().resolve("docs/CONFIGURATION.md");
    String expected = generate();
    if (Boolean.getBoolean("config.reference.write")) {
      Files.writeString(doc, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(doc, StandardCharsets.UTF_8))
        .as("docs/CONFIGURATION.md is stale; regenerate it with -Dconfig.reference.write=true (see this test's Javadoc)")
        .isEqualTo(expected);
  }
}
