package dev.tributary.schema.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.events.RawEvent;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientTest {

  private static final String BASE = "http://127.0.0.1:8081/apis/ccompat/v7";
  private static final Schema SCHEMA = RawEvent.getClassSchema();

  private final FakeTransport http = new FakeTransport();
  private final SchemaRegistryClient client =
      new SchemaRegistryClient(BASE + "/", Duration.ofSeconds(2), http);

  @Test
  void shouldPostTheSchemaJsonToTheSubjectVersions() throws Exception {
    http.answer(200, "{\"id\":12}");

    int id = client.register("events.raw-value", SCHEMA);

    assertThat(id).isEqualTo(12);
    Transport.Request request = http.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri()).hasToString(BASE + "/subjects/events.raw-value/versions");
    assertThat(request.headers())
        .containsEntry("Content-Type", "application/vnd.schemaregistry.v1+json");
    String sentSchema = new ObjectMapper().readTree(request.body()).get("schema").asText();
    assertThat(new Schema.Parser().parse(sentSchema)).isEqualTo(SCHEMA);
  }

  @Test
  void shouldNotCallTheRegistryAgainForTheSameSubjectAndSchema() {
    http.answer(200, "{\"id\":12}");

    client.register("events.raw-value", SCHEMA);
    client.register("events.raw-value", new Schema.Parser().parse(SCHEMA.toString()));

    assertThat(http.requests()).hasSize(1);
  }

  @Test
  void shouldRegisterTheSameSchemaSeparatelyUnderAnotherSubject() {
    http.answer(200, "{\"id\":12}").answer(200, "{\"id\":12}");

    client.register("events.raw-value", SCHEMA);
    client.register("events.replay-value", SCHEMA);

    assertThat(http.requests()).hasSize(2);
  }

  @Test
  void shouldLookUpWithoutRegisteringAndCacheTheId() {
    http.answer(200, new ObjectMapper().createObjectNode().put("subject", "s").put("version", 1)
        .put("id", 8).put("schema", SCHEMA.toString()).toString());

    assertThat(client.lookup("s", SCHEMA)).isEqualTo(8);
    assertThat(client.lookup("s", SCHEMA)).isEqualTo(8);
    assertThat(http.requests()).singleElement().satisfies(r -> {
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.uri()).hasToString(BASE + "/subjects/s");
    });
  }

  @Test
  void shouldGetASchemaByIdOnce() {
    http.answer(200, new ObjectMapper().createObjectNode()
        .put("schema", SCHEMA.toString()).toString());

    Schema first = client.getById(5);
    Schema second = client.getById(5);

    assertThat(first).isEqualTo(SCHEMA).isSameAs(second);
    assertThat(http.requests()).singleElement()
        .satisfies(r -> assertThat(r.uri()).hasToString(BASE + "/schemas/ids/5"));
  }

  @Test
  void shouldFindASchemaThroughItsSubjectVersionWhenTheRegistryCannotServeItById() {
    String versionBody = new ObjectMapper().createObjectNode().put("subject", "events.raw-value")
        .put("version", 2).put("id", 5).put("schema", SCHEMA.toString()).toString();
    http.answer(400, "{\"message\":\"Failed to discover artifact type from content.\",\"error_code\":0}")
        .answer(200, "[{\"subject\":\"events.raw-value\",\"version\":2}]")
        .answer(200, versionBody);

    assertThat(client.getById(5)).isEqualTo(SCHEMA);
    assertThat(http.requests()).extracting(r -> r.uri().toString()).containsExactly(
        BASE + "/schemas/ids/5",
        BASE + "/schemas/ids/5/versions",
        BASE + "/subjects/events.raw-value/versions/2");
    assertThat(client.getById(5)).isEqualTo(SCHEMA);
    assertThat(http.requests()).hasSize(3);
  }

  @Test
  void shouldReportTheOriginalErrorWhenTheSubjectVersionHasAnotherId() {
    http.answer(400, "{\"message\":\"Failed to discover artifact type from content.\",\"error_code\":0}")
        .answer(200, "[{\"subject\":\"s\",\"version\":1}]")
        .answer(200, "{\"subject\":\"s\",\"version\":1,\"id\":6,\"schema\":\"\\\"string\\\"\"}");

    assertThatThrownBy(() -> client.getById(5))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.httpStatus()).hasValue(400);
          assertThat(e.getMessage()).contains("Failed to discover artifact type");
        });
  }

  @Test
  void shouldKnowTheSchemaOfAnIdItRegistered() {
    http.answer(200, "{\"id\":12}");

    client.register("events.raw-value", SCHEMA);

    assertThat(client.getById(12)).isEqualTo(SCHEMA);
    assertThat(http.requests()).hasSize(1);
  }

  @Test
  void shouldReadTheLatestVersionOfASubject() {
    http.answer(200, new ObjectMapper().createObjectNode().put("subject", "s").put("version", 3)
        .put("id", 9).put("schema", SCHEMA.toString()).toString());

    assertThat(client.latest("s")).isEqualTo(new RegisteredSchema("s", 3, 9, SCHEMA));
    assertThat(http.requests().get(0).uri()).hasToString(BASE + "/subjects/s/versions/latest");
  }

  @Test
  void shouldSendUserInfoAsBasicAuthAndKeepItOutOfTheUrl() {
    FakeTransport transport = new FakeTransport().answer(200, "{\"id\":1}");
    SchemaRegistryClient withAuth = new SchemaRegistryClient(
        "http://svc:s%40cret@127.0.0.1:8081/apis/ccompat/v7", Duration.ofSeconds(1), transport);

    withAuth.register("s", SCHEMA);

    Transport.Request request = transport.requests().get(0);
    assertThat(request.headers()).containsEntry("Authorization", "Basic "
        + Base64.getEncoder().encodeToString("svc:s@cret".getBytes(StandardCharsets.UTF_8)));
    assertThat(request.uri().toString()).doesNotContain("cret");
    assertThat(withAuth.baseUrl()).isEqualTo(BASE);
  }

  @Test
  void shouldExplainAnIncompatibleSchemaAsNotRetriable() {
    http.answer(409, "{\"error_code\":409,\"message\":\"Incompatible schema\"}");

    assertThatThrownBy(() -> client.register("events.raw-value", SCHEMA))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.httpStatus()).hasValue(409);
          assertThat(e.errorCode()).hasValue(409);
          assertThat(e.retriable()).isFalse();
          assertThat(e.url()).isEqualTo(BASE + "/subjects/events.raw-value/versions");
          assertThat(e.getMessage())
              .contains("not compatible with subject 'events.raw-value''s latest version")
              .contains("BACKWARD")
              .contains("Incompatible schema");
        });
  }

  @Test
  void shouldExplainAnUnknownSchemaId() {
    http.answer(404, "{\"error_code\":40403,\"message\":\"Schema 99 not found\"}");

    assertThatThrownBy(() -> client.getById(99))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.errorCode()).hasValue(40403);
          assertThat(e.retriable()).isFalse();
          assertThat(e.getMessage()).contains("schema id 99").contains("schema.registry.url");
        });
  }

  @Test
  void shouldHintAtTheApiBaseWhenThePathDoesNotExist() {
    http.answer(404, "<html>Not Found</html>");

    assertThatThrownBy(() -> client.getById(1))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.errorCode()).isEmpty();
          assertThat(e.getMessage()).contains("/apis/ccompat/v7");
        });
  }

  @Test
  void shouldTreatServerErrorsAsRetriable() {
    http.answer(503, "");

    assertThatThrownBy(() -> client.register("s", SCHEMA))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.httpStatus()).hasValue(503);
          assertThat(e.retriable()).isTrue();
        });
  }

  @Test
  void shouldNotCacheFailures() {
    http.answer(503, "").answer(200, "{\"id\":4}");

    assertThatThrownBy(() -> client.register("s", SCHEMA))
        .isInstanceOf(SchemaRegistryException.class);
    assertThat(client.register("s", SCHEMA)).isEqualTo(4);
  }

  @Test
  void shouldSayTheRegistryIsUnreachableWhenTheConnectionIsRefused() {
    http.fail(new ConnectException("Connection refused"));

    assertThatThrownBy(() -> client.register("s", SCHEMA))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.httpStatus()).isEmpty();
          assertThat(e.retriable()).isTrue();
          assertThat(e.getMessage())
              .contains("unreachable at " + BASE)
              .contains("is it running?")
              .contains("schema.registry.url");
        });
  }

  @Test
  void shouldTreatTimeoutsAsRetriableAndNameTheTimeout() {
    http.fail(new HttpTimeoutException("request timed out"))
        .fail(new HttpConnectTimeoutException("connect timed out"));

    assertThatThrownBy(() -> client.getById(1))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.retriable()).isTrue();
          assertThat(e.getMessage()).contains("did not answer within 2000 ms");
        });
    assertThatThrownBy(() -> client.getById(1))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.retriable()).isTrue();
          assertThat(e.getMessage()).contains("no connection within 2000 ms");
        });
  }

  @Test
  void shouldRejectANonAvroSchemaType() {
    http.answer(200, "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");

    assertThatThrownBy(() -> client.getById(3))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e ->
            assertThat(e.getMessage()).contains("PROTOBUF, not AVRO"));
  }

  @Test
  void shouldRejectAnAnswerThatIsNotRegistryJson() {
    http.answer(200, "<html>hello</html>");

    assertThatThrownBy(() -> client.register("s", SchemaBuilder.builder().stringType()))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.retriable()).isFalse();
          assertThat(e.getMessage()).contains("Confluent-compatible API base");
        });
  }

  @Test
  void shouldRejectARelativeUrl() {
    assertThatThrownBy(() -> new SchemaRegistryClient("localhost:8081", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absolute");
  }
}
