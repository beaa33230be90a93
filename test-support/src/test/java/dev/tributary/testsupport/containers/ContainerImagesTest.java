package dev.tributary.testsupport.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.localstack.component.ApicurioDistribution;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerImagesTest {

  private static final String COMPOSE = """
      x-kafka-broker: &kafka-broker
        image: apache/kafka:4.3.1
      x-clickhouse-server: &clickhouse-server
        image: "clickhouse/clickhouse-server:25.8"   # LTS
      x-keeper: &keeper
        image: clickhouse/clickhouse-keeper:25.8
      services:
        registry:
          image: apicurio/apicurio-registry:3.0.9
        kafka-2:
          image: apache/kafka:4.3.1
      """;

  @Test
  void shouldReadTheThreePinnedImages() {
    assertThat(ContainerImages.fromCompose(COMPOSE)).isEqualTo(new ContainerImages(
        "apache/kafka:4.3.1", "apicurio/apicurio-registry:3.0.9", "clickhouse/clickhouse-server:25.8"));
  }

  @Test
  void shouldRefuseAnUnpinnedImage() {
    assertThatThrownBy(() -> ContainerImages.fromCompose(COMPOSE.replace("clickhouse-server:25.8", "clickhouse-server:latest")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clickhouse/clickhouse-server is not pinned to a fixed tag (found 'latest')");
    assertThatThrownBy(() -> ContainerImages.fromCompose(COMPOSE.replace("apicurio-registry:3.0.9", "apicurio-registry")))
        .hasMessage("apicurio/apicurio-registry is not pinned to a fixed tag (found '')");
    assertThatThrownBy(() -> ContainerImages.fromCompose(COMPOSE.replace("kafka:4.3.1", "kafka:${KAFKA_TAG}")))
        .hasMessageContaining("apache/kafka is not pinned to a fixed tag");
  }

  @Test
  void shouldRefuseTwoDifferentPinsOfOneImage() {
    assertThatThrownBy(() -> ContainerImages.fromCompose(COMPOSE + "  kafka-3:\n    image: apache/kafka:4.2.0\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("apache/kafka is pinned to several tags [4.3.1, 4.2.0]");
  }

  @Test
  void shouldRefuseAComposeFileWithoutTheImage() {
    assertThatThrownBy(() -> ContainerImages.fromCompose("services: {}\n"))
        .hasMessage("no image apache/kafka:<tag>");
  }

  @Test
  void shouldFindTheComposeFileInAParentDirectory(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("docker-compose.yml"), COMPOSE);
    Path module = Files.createDirectories(dir.resolve("module/target"));

    assertThat(ContainerImages.fromProject(module).kafka()).isEqualTo("apache/kafka:4.3.1");
  }

  @Test
  void shouldNameTheDirectoryWhenThereIsNoComposeFile(@TempDir Path dir) {
    assertThatThrownBy(() -> ContainerImages.fromProject(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no docker-compose.yml in " + dir + " or above: the container fixtures take their image pins from it");
  }

  @Test
  void shouldRunTheProjectsKafkaAndRegistryVersionsInContainersAsInProcesses() {
    ContainerImages images = ContainerImages.fromProject(Path.of(System.getProperty("user.dir")));

    assertThat(images.kafka()).isEqualTo(ContainerImages.KAFKA_REPOSITORY + ":" + AppInfoParser.getVersion());
    assertThat(images.registry()).isEqualTo(ContainerImages.REGISTRY_REPOSITORY + ":" + ApicurioDistribution.VERSION);
    assertThat(images.clickHouse()).startsWith(ContainerImages.CLICKHOUSE_REPOSITORY + ":");
  }
}
