package dev.tributary.localstack.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.common.config.PipelineConfig;
import dev.tributary.common.config.WiringKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceLauncherTest {

  @TempDir
  Path dir;

  @Test
  void shouldNameEachVariableAfterItsConfigKey() {
    Map<String, String> env = ServiceLauncher.environment(Map.of(
        PipelineConfig.BOOTSTRAP_SERVERS, "localhost:1",
        WiringKeys.SINK_GROUP_ID, "g",
        "kafka.consumer.session.timeout.ms", "6000"));

    assertThat(env).containsExactlyInAnyOrderEntriesOf(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", "localhost:1",
        "SINK_GROUP_ID", "g",
        "KAFKA_CONSUMER_SESSION_TIMEOUT_MS", "6000"));
  }

  @Test
  void shouldRejectTwoKeysThatShareAVariable() {
    assertThatThrownBy(() -> ServiceLauncher.environment(Map.of("a.b", "1", "a_b", "2")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both map to A_B");
  }

  @Test
  void shouldRejectASettingWithoutValue() {
    Map<String, String> settings = new HashMap<>();
    settings.put(WiringKeys.CLICKHOUSE_URL, null);

    assertThatThrownBy(() -> ServiceLauncher.environment(settings))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clickhouse.url has no value");
  }

  @Test
  void shouldPutTheFlagsBeforeTheClassPathAndTheMainClassLast() {
    List<String> command = ServiceLauncher.command(PipelineService.SINK.mainClass(), JvmOptions.SMALL.plus("-Dx=1"), "a.jar:b.jar");

    assertThat(command.subList(1, command.size())).containsExactly("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true", "-Dx=1", "-cp", "a.jar:b.jar", "dev.tributary.sink.app.Main");
    assertThat(command.get(0)).endsWith("java");
  }

  @Test
  void shouldRefuseToStartIngestWithoutAPortItCanProbe() {
    ServiceLauncher launcher = new ServiceLauncher(ServiceClassPath.current(), dir, Duration.ofSeconds(1));

    assertThatThrownBy(() -> launcher.start(PipelineService.INGEST, "ingest", Map.of(), JvmOptions.DEFAULT,
        dir.resolve("ingest.log")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ingest needs http.port");
  }

  @Test
  void shouldGiveStreamsAndSinkAFreeAdminPortToProbeWhenNoneIsSet() {
    for (PipelineService service : List.of(PipelineService.STREAMS, PipelineService.SINK)) {
      Map<String, String> settings = ServiceLauncher.withProbePort(service, Map.of("kafka.bootstrap.servers", "k:9092"));

      assertThat(settings).containsEntry("kafka.bootstrap.servers", "k:9092").containsKey("admin.port");
      assertThat(Integer.parseInt(settings.get("admin.port"))).isBetween(1, 65_535);
    }
  }

  @Test
  void shouldKeepTheAdminPortItWasGiven() {
    assertThat(ServiceLauncher.withProbePort(PipelineService.SINK, Map.of("admin.port", "18083")))
        .containsExactly(Map.entry("admin.port", "18083"));
  }

  @Test
  void shouldRefuseAnAdminPortItCannotProbe() {
    ServiceLauncher launcher = new ServiceLauncher(ServiceClassPath.current(), dir, Duration.ofSeconds(1));

    assertThatThrownBy(() -> launcher.start(PipelineService.STREAMS, "streams", Map.of("admin.port", "0"),
        JvmOptions.DEFAULT, dir.resolve("streams.log")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("streams needs admin.port");
  }

  @Test
  void shouldRejectAJvmFlagThatIsNotAFlag() {
    assertThatThrownBy(() -> JvmOptions.DEFAULT.plus("Xmx1g"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Xmx1g");
  }
}
