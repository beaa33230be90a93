package dev.tributary.testsupport.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RegistryContainerSettingsTest {

  @Test
  void shouldStoreSchemasInTheKafkaContainerWithBackwardCompatibility() {
    assertThat(RegistryContainerSettings.environment("kafka:19092"))
        .containsEntry("APICURIO_STORAGE_KIND", "kafkasql")
        .containsEntry("APICURIO_KAFKASQL_BOOTSTRAP_SERVERS", "kafka:19092")
        .containsEntry("APICURIO_KAFKASQL_TOPIC", "_schemas")
        .containsEntry("APICURIO_RULES_GLOBAL_COMPATIBILITY", "BACKWARD");
  }

  @Test
  void shouldNameQuarkusSettingsAsEnvironmentVariables() {
    assertThat(RegistryContainerSettings.environmentName("apicurio.kafkasql.consumer.poll.timeout"))
        .isEqualTo("APICURIO_KAFKASQL_CONSUMER_POLL_TIMEOUT");
  }

  @Test
  void shouldBeReadyWhenTheConfluentCompatibleApiListsSubjects() {
    assertThat(RegistryContainerSettings.READY_PATH).isEqualTo("/apis/ccompat/v7/subjects");
  }

  @Test
  void shouldAgreeWithTheDeploymentsRegistryOnEveryFixedSetting() throws Exception {
    String compose = Files.readString(ContainerImages.findCompose(Path.of(System.getProperty("user.dir"))).orElseThrow());
    Map<String, String> env = RegistryContainerSettings.environment("kafka:19092");
    Matcher m = Pattern.compile("(?m)^\\s+(APICURIO_[A-Z_]+):\\s*([^\\s$#]+)\\s*$").matcher(compose);
    int compared = 0;
    while (m.find()) {
      assertThat(env).as(m.group(1)).containsEntry(m.group(1), m.group(2));
      compared++;
    }
    assertThat(compared).as("fixed APICURIO_ settings in docker-compose.yml").isGreaterThanOrEqualTo(3);
  }
}
