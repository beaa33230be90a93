package dev.tributary.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.localstack.process.Http;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegistryFixtureIT {

  private static final String SCHEMA_V1 =
      "{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Fixture\\\",\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"string\\\"}]}";
  private static final String SCHEMA_V2_INCOMPATIBLE =
      "{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Fixture\\\",\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"string\\\"},"
          + "{\\\"name\\\":\\\"b\\\",\\\"type\\\":\\\"int\\\"}]}";

  @Test
  void shouldRegisterASchemaAndAnswerTheSameIdTwice() throws Exception {
    HttpResponse<String> first = register("fixture-value", SCHEMA_V1);
    HttpResponse<String> second = register("fixture-value", SCHEMA_V1);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.body()).matches("\\{\"id\":\\d+}");
    assertThat(second.body()).isEqualTo(first.body());
  }

  @Test
  void shouldRejectABackwardIncompatibleSchema() throws Exception {
    assertThat(register("fixture.compat-value", SCHEMA_V1).statusCode()).isEqualTo(200);

    HttpResponse<String> incompatible = register("fixture.compat-value", SCHEMA_V2_INCOMPATIBLE);

    assertThat(incompatible.statusCode()).as(incompatible.body()).isEqualTo(409);
  }

  private static HttpResponse<String> register(String subject, String escapedSchema) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(TestRegistry.url() + "/subjects/" + subject + "/versions"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"schema\": \"" + escapedSchema + "\"}"))
        .build();
    return Http.client().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
