package dev.tributary.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tributary.common.app.TopicInitMain;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.common.kafka.TopicInitSettings;
import dev.tributary.console.config.ConsoleSettings;
import dev.tributary.connect.config.ConnectSettings;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.localstack.cli.StackLayout;
import dev.tributary.sink.config.SinkSettings;
import dev.tributary.streams.config.StreamsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds {@code docker-compose.yml} to what a deployment needs, through Debian's {@code docker-compose}
 * (1.29; {@code config} needs no Docker engine): it renders in both shapes, refuses to render without
 * the secrets, sets only keys of the configuration reference with values the services accept, pins
 * its images, restarts everything, waits on conditions, and gives each streams replica its own state.
 */
class DeploymentComposeTest {

  private static final Path ROOT = StackLayout.discover(Optional.empty()).root();
  private static final Map<String, String> SECRETS = Map.of("INGEST_WRITE_KEYS", "ci-key:ci",
      "CLICKHOUSE_PASSWORD", "ci-password", "GRAFANA_ADMIN_PASSWORD", "ci-password",
      "CLICKHOUSE_ANALYST_PASSWORD", "ci-analyst", "CONSOLE_PASSWORD", "ci-console");
  /** Variables of the image (deploy/Dockerfile), not of a service's configuration. */
  private static final Set<String> IMAGE_VARIABLES = Set.of("SERVICE", "MAIN_CLASS", "JAVA_OPTS",
      LayeredConfig.CONFIG_FILE_ENV);
  /** Each main class the image runs, with the configuration it reads. */
  private static final Map<String, ConfigDef> DEFINITIONS = Map.of(
      dev.tributary.ingest.app.Main.class.getName(), IngestSettings.definition(),
      dev.tributary.streams.app.Main.class.getName(), StreamsSettings.definition(),
      dev.tributary.sink.app.Main.class.getName(), SinkSettings.definition(),
      TopicInitMain.class.getName(), TopicInitSettings.definition(),
      dev.tributary.console.app.Main.class.getName(), ConsoleSettings.definition(),
      dev.tributary.connect.app.Main.class.getName(), ConnectSettings.definition());
  /** The second compose file that adds change data capture, and what it needs set. */
  private static final String CDC_FILE = "deploy/docker-compose.cdc.yml";
  private static final Map<String, String> CDC_SECRETS = Map.of("POSTGRES_HOST", "db.ci", "POSTGRES_DATABASE", "shop",
      "POSTGRES_USER", "tributary_cdc", "POSTGRES_PASSWORD", "ci-password");

  /** docker-compose takes seconds per run on a busy machine: each shape is rendered once. */
  private static Result single;
  private static Result cluster;
  private static Result cdc;

  @BeforeAll
  static void render() {
    single = compose(SECRETS, "config");
    cluster = compose(SECRETS, "--env-file", "deploy/cluster.env", "config");
    cdc = compose(withCdcSecrets(), "-f", CDC_FILE, "config");
  }

  @Test
  void shouldRenderTheSingleNodeShape() throws IOException {
    assertThat(services(single).fieldNames()).toIterable().contains("kafka", "topic-init", "ingest", "ingest-lb",
        "streams", "sink", "console", "prometheus", "grafana");
  }

  @Test
  void shouldRenderTheClusterShapeWithThreeReplicasAndTwoInSync() throws IOException {
    JsonNode services = services(cluster);

    assertThat(services.fieldNames()).toIterable().contains("kafka", "kafka-2", "kafka-3", "clickhouse",
        "clickhouse-s1r2", "clickhouse-s2r1", "clickhouse-s2r2", "keeper-1", "keeper-2", "keeper-3");
    for (String broker : List.of("kafka", "kafka-2", "kafka-3")) {
      JsonNode env = services.path(broker).path("environment");
      assertThat(env.path("KAFKA_MIN_INSYNC_REPLICAS").asText()).as(broker).isEqualTo("2");
      assertThat(env.path("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asText()).as(broker).isEqualTo("3");
      assertThat(env.path("KAFKA_CONTROLLER_QUORUM_VOTERS").asText()).as(broker).contains("kafka-2", "kafka-3");
    }
    for (String service : List.of("topic-init", "ingest", "streams", "sink")) {
      assertThat(services.path(service).path("environment").path("TOPIC_REPLICATION_FACTOR").asText()).as(service)
          .isEqualTo("3");
    }
  }

  @Test
  void shouldRefuseToRenderWithoutWriteKeys() {
    Map<String, String> withoutKeys = new HashMap<>(SECRETS);
    withoutKeys.remove("INGEST_WRITE_KEYS");

    Result result = compose(withoutKeys, "config", "-q");

    assertThat(result.status()).isNotZero();
    assertThat(result.stderr()).contains("INGEST_WRITE_KEYS");
  }

  @Test
  void shouldSetOnlyReferencedKeysWithValuesTheServicesAccept() throws IOException {
    String reference = Files.readString(ROOT.resolve("docs/CONFIGURATION.md"), StandardCharsets.UTF_8);
    for (String shape : List.of("docker-compose.yml", "deploy/cluster.env", CDC_FILE)) {
      JsonNode services = services(shape.equals(CDC_FILE) ? cdc : shape.endsWith(".env") ? cluster : single);
      List<String> ours = new ArrayList<>();
      services.fields().forEachRemaining(service -> {
        JsonNode env = service.getValue().path("environment");
        if (!env.has("MAIN_CLASS")) {
          return; // a third-party image (Kafka, ClickHouse...): its variables are its own
        }
        ours.add(service.getKey());
        ConfigDef definition = DEFINITIONS.get(env.path("MAIN_CLASS").asText());
        assertThat(definition).as(service.getKey() + " runs an unknown main class").isNotNull();
        Map<String, String> values = new HashMap<>();
        env.fields().forEachRemaining(e -> {
          if (!IMAGE_VARIABLES.contains(e.getKey())) {
            values.put(e.getKey(), e.getValue().asText());
          }
        });
        Set<String> known = definition.names().stream().map(LayeredConfig::envName)
            .collect(java.util.stream.Collectors.toSet());
        assertThat(values.keySet()).as(service.getKey() + " in " + shape + ": variables that no key of its ConfigDef reads")
            .isSubsetOf(known);
        assertThat(values.keySet()).allSatisfy(name ->
            assertThat(reference).as("docs/CONFIGURATION.md lists " + name).contains("`" + name + "`"));
        // The service's own validation accepts the values (a port that is not a number fails here, not at 3 a.m.).
        LayeredConfig.load(definition, values, Map.of());
      });
      List<String> expected = new ArrayList<>(List.of("topic-init", "ingest", "streams", "sink", "console"));
      if (shape.equals(CDC_FILE)) {
        expected.add("connect");
      }
      assertThat(ours).as(shape).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void shouldRefuseToRenderWithoutTheConsolesPasswords() {
    for (String secret : List.of("CONSOLE_PASSWORD", "CLICKHOUSE_ANALYST_PASSWORD")) {
      Map<String, String> without = new HashMap<>(SECRETS);
      without.remove(secret);

      Result result = compose(without, "config", "-q");

      assertThat(result.status()).as(secret).isNotZero();
      assertThat(result.stderr()).contains(secret);
    }
  }

  @Test
  void shouldRunTheConsoleAsTheReadOnlyAnalystBehindItsPassword() throws IOException {
    JsonNode console = services(single).path("console");
    JsonNode env = console.path("environment");

    assertThat(env.path("CLICKHOUSE_USER").asText()).isEqualTo("analyst");
    assertThat(env.path("CLICKHOUSE_PASSWORD").asText()).isEqualTo("ci-analyst");
    assertThat(env.path("CONSOLE_PASSWORD").asText()).isEqualTo("ci-console");
    assertThat(console.path("healthcheck").path("test").toString()).contains("/healthz");
    assertThat(console.path("depends_on").path("sink").path("condition").asText()).isEqualTo("service_healthy");
    assertThat(services(single).path("clickhouse").path("volumes").toString()).contains("users.d/analyst.xml");
    assertThat(Files.readString(ROOT.resolve("deploy/clickhouse/users.d/analyst.xml"))).contains("<readonly>2</readonly>")
        .contains("from_env=\"CLICKHOUSE_ANALYST_PASSWORD\"");
  }

  @Test
  void shouldAddTheCdcWorkerWithAHealthcheckAfterTheTopicsAndTheRegistryAndRefuseItWithoutThePassword()
      throws IOException {
    JsonNode connect = services(cdc).path("connect");

    assertThat(connect.path("image").asText()).isEqualTo(services(single).path("sink").path("image").asText());
    assertThat(connect.path("depends_on").path("topic-init").path("condition").asText())
        .isEqualTo("service_completed_successfully");
    assertThat(connect.path("depends_on").path("registry").path("condition").asText()).isEqualTo("service_healthy");
    String port = connect.path("environment").path("CONNECT_REST_PORT").asText();
    assertThat(connect.path("healthcheck").path("test").toString()).contains("localhost:" + port + "/connectors/");
    assertThat(port).as("the Connect REST port is not the sink's admin port")
        .isNotEqualTo(services(single).path("sink").path("environment").path("ADMIN_PORT").asText());
    assertThat(connect.has("ports")).as("connect publishes no host port").isFalse();
    Map<String, String> withoutPassword = new HashMap<>(withCdcSecrets());
    withoutPassword.remove("POSTGRES_PASSWORD");
    Result refused = compose(withoutPassword, "-f", CDC_FILE, "config", "-q");
    assertThat(refused.status()).isNotZero();
    assertThat(refused.stderr()).contains("POSTGRES_PASSWORD");
  }

  private static Map<String, String> withCdcSecrets() {
    Map<String, String> all = new HashMap<>(SECRETS);
    all.putAll(CDC_SECRETS);
    return all;
  }

  @Test
  void shouldPinEveryImageRestartEveryServiceAndWaitOnConditions() throws IOException {
    JsonNode services = services(cluster);

    services.fields().forEachRemaining(service -> {
      String name = service.getKey();
      JsonNode s = service.getValue();
      String image = s.path("image").asText();
      assertThat(image).as(name + " image").matches(".+:[^:/]+$").doesNotEndWith(":latest");
      assertThat(s.path("restart").asText()).as(name + " restart policy").isIn("unless-stopped", "always", "on-failure");
      s.path("depends_on").fields().forEachRemaining(dependency ->
          assertThat(dependency.getValue().path("condition").asText()).as(name + " waits for " + dependency.getKey())
              .isIn("service_healthy", "service_completed_successfully", "service_started"));
    });
    assertThat(services.path("ingest").path("depends_on").path("topic-init").path("condition").asText())
        .isEqualTo("service_completed_successfully");
  }

  @Test
  void shouldScaleWithoutSharedStateOrHostPortCollisions() throws IOException {
    JsonNode services = services(single);
    String stateDir = services.path("streams").path("environment").path("STATE_DIR").asText();

    assertThat(services.path("streams").path("volumes")).as("streams volumes").allSatisfy(volume ->
        assertThat(volume.asText()).as("the state dir is an anonymous volume, one per replica").isEqualTo(stateDir));
    assertThat(stateDir).isNotBlank();
    for (String scaled : List.of("ingest", "streams", "sink", "topic-init")) {
      assertThat(services.path(scaled).has("ports")).as(scaled + " publishes no host port").isFalse();
      assertThat(services.path(scaled).has("container_name")).as(scaled + " has no fixed container name").isFalse();
    }
    assertThat(services.path("ingest-lb").path("ports").toString()).contains("8080");
  }

  private static JsonNode services(Result result) throws IOException {
    assertThat(result.status()).as(result.stderr()).isZero();
    return new YAMLMapper().readTree(result.stdout()).path("services");
  }

  private record Result(int status, String stdout, String stderr) {}

  /** Runs docker-compose in the project root with only PATH and {@code variables} in its environment. */
  private static Result compose(Map<String, String> variables, String... args) {
    List<String> command = new ArrayList<>(List.of("docker-compose", "-f", "docker-compose.yml"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
    Map<String, String> env = builder.environment();
    String path = env.get("PATH");
    env.clear();
    env.put("PATH", path);
    env.putAll(variables);
    try {
      Path out = Files.createTempFile("compose", ".out");
      Path err = Files.createTempFile("compose", ".err");
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("docker-compose " + String.join(" ", args) + " did not finish in 60 s");
      }
      Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
      Files.delete(out);
      Files.delete(err);
      return result;
    } catch (IOException e) {
      throw new AssertionError("cannot run docker-compose (CI installs it: apt-get install docker-compose): " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
