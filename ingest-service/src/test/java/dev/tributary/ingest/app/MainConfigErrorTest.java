package dev.tributary.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testsupport.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainConfigErrorTest {

  @Test
  void shouldExitTwoNamingEveryForbiddenOverride() {
    ChildJvm.Exit exit = ChildJvm.run(Main.class, Map.of(
        "INGEST_WRITE_KEYS", "k:src",
        "KAFKA_PRODUCER_ACKS", "1",
        "KAFKA_PRODUCER_BOOTSTRAP_SERVERS", "elsewhere:9092"), Duration.ofSeconds(60));

    assertThat(exit.status()).as("stderr: %s", exit.stderr()).isEqualTo(2);
    assertThat(exit.stderr()).startsWith("ingest-service: invalid configuration, not started (exit 2).")
        .contains("kafka.producer.acks: may not be overridden")
        .contains("kafka.producer.bootstrap.servers: overrides the typed key kafka.bootstrap.servers");
    assertThat(exit.stdout()).doesNotContain("listening");
  }

  @Test
  void shouldExitTwoOnWebhookMappingOfUnknownSourceWithoutShowingSecrets() {
    ChildJvm.Exit exit = ChildJvm.run(Main.class, Map.of(
        "INGEST_WRITE_KEYS", "k:src",
        "INGEST_WEBHOOK_SECRETS", "stripe:whsec_top_secret",
        "INGEST_WEBHOOK_MAPPINGS", "github.event=/action"), Duration.ofSeconds(60));

    assertThat(exit.status()).as("stderr: %s", exit.stderr()).isEqualTo(2);
    assertThat(exit.stderr()).contains("ingest.webhook.mappings").contains("source 'github'")
        .doesNotContain("whsec_top_secret");
    assertThat(exit.stdout()).doesNotContain("whsec_top_secret");
  }

  @Test
  void shouldExitTwoOnAnInvalidExperimentDefinitionsFileNamingEveryProblem(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("experiments.yaml"), """
        experiments:
          - key: demo
            status: draft
            coverage: 1.5
            variants: [{id: a, weight: 1}]
        """);
    ChildJvm.Exit exit = ChildJvm.run(Main.class, Map.of(
        "INGEST_WRITE_KEYS", "k:src",
        "EXPERIMENTS_DEFINITIONS_FILE", file.toString()), Duration.ofSeconds(60));

    assertThat(exit.status()).as("stderr: %s", exit.stderr()).isEqualTo(2);
    assertThat(exit.stderr()).contains("experiments.definitions.file")
        .contains("experiment 'demo', field 'coverage' [coverage_range]")
        .contains("experiment 'demo', field 'variants' [too_few_variants]");
  }
}
