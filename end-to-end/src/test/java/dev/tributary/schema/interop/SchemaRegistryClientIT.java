package dev.tributary.schema.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.events.RawEvent;
import dev.tributary.schema.registry.RegisteredSchema;
import dev.tributary.schema.registry.SchemaRegistryClient;
import dev.tributary.schema.registry.SchemaRegistryException;
import dev.tributary.testsupport.TestRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** {@link SchemaRegistryClient} against the real Apicurio Registry's Confluent-compatible API. */
class SchemaRegistryClientIT {

  private static final Schema V1 = RawEvent.getClassSchema();

  @Test
  void shouldGiveTheSameIdWhenTheSameSchemaIsRegisteredAgain() {
    String subject = subject();
    int id;
    try (SchemaRegistryClient first = newClient()) {
      id = first.register(subject, V1);
    }
    try (SchemaRegistryClient second = newClient()) {
      assertThat(second.register(subject, V1)).isEqualTo(id);
    }
  }

  @Test
  void shouldReadARegisteredSchemaBackById() {
    int id;
    try (SchemaRegistryClient writer = newClient()) {
      id = writer.register(subject(), V1);
    }
    try (SchemaRegistryClient reader = newClient()) {
      assertThat(reader.getById(id)).isEqualTo(V1);
    }
  }

  @Test
  void shouldAcceptABackwardCompatibleEvolutionAsTheNextVersion() {
    String subject = subject();
    try (SchemaRegistryClient client = newClient()) {
      int v1 = client.register(subject, V1);
      String json = V1.toString();
      Schema v2 = new Schema.Parser().parse(json.substring(0, json.length() - 2)
          + ",{\"name\":\"tenant\",\"type\":[\"null\",\"string\"],\"default\":null}]}");

      int v2Id = client.register(subject, v2);

      assertThat(v2Id).isNotEqualTo(v1);
      assertThat(client.latest(subject)).isEqualTo(new RegisteredSchema(subject, 2, v2Id, v2));
    }
  }

  @Test
  void shouldLookUpOnlyWhatWasRegistered() {
    String subject = subject();
    try (SchemaRegistryClient client = newClient()) {
      assertThatThrownBy(() -> client.lookup(subject, V1))
          .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.httpStatus()).hasValue(404);
            assertThat(e.retriable()).isFalse();
          });
      int id = client.register(subject, V1);
      try (SchemaRegistryClient other = newClient()) {
        assertThat(other.lookup(subject, V1)).isEqualTo(id);
      }
    }
  }

  @Test
  void shouldReportAnUnknownIdAsNotFoundAndNotRetriable() {
    try (SchemaRegistryClient client = newClient()) {
      assertThatThrownBy(() -> client.getById(987_654_321))
          .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.httpStatus()).hasValue(404);
            assertThat(e.errorCode()).hasValue(40403);
            assertThat(e.retriable()).isFalse();
          });
    }
  }

  @Test
  void shouldReportAnUnreachableRegistryAsRetriable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/apis/ccompat/v7";
    try (SchemaRegistryClient client = new SchemaRegistryClient(url, Duration.ofSeconds(2))) {
      assertThatThrownBy(() -> client.register(subject(), V1))
          .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.httpStatus()).isEmpty();
            assertThat(e.retriable()).isTrue();
            assertThat(e.getMessage()).contains("unreachable at " + url)
                .contains("schema.registry.url");
          });
    }
  }

  private static SchemaRegistryClient newClient() {
    return new SchemaRegistryClient(TestRegistry.url(), Duration.ofSeconds(10));
  }

  private static String subject() {
    return ApicurioInteropIT.uniqueTopic("client") + "-value";
  }
}
