package dev.tributary.ingest.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssignmentRequestTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldHashTheUserIdWhenThereIsOneElseTheAnonymousId() {
    assertThat(AssignmentRequest.fromQuery(Map.of("user_id", List.of("u1"), "anonymous_id", List.of("a1"))))
        .isEqualTo(new AssignmentRequest.Identified("user_id", "u1"));
    assertThat(AssignmentRequest.fromQuery(Map.of("user_id", List.of(""), "anonymous_id", List.of("a1"))))
        .isEqualTo(new AssignmentRequest.Identified("anonymous_id", "a1"));
  }

  @Test
  void shouldRefuseARequestWithoutAnIdNamingTheField() {
    assertThat(AssignmentRequest.fromQuery(Map.of())).isInstanceOfSatisfying(AssignmentRequest.Invalid.class, i -> {
      assertThat(i.field()).isEqualTo("user_id");
      assertThat(i.rule()).isEqualTo("required");
      assertThat(i.message()).contains("anonymous_id");
    });
  }

  @Test
  void shouldRefuseARepeatedQueryParameter() {
    assertThat(AssignmentRequest.fromQuery(Map.of("user_id", List.of("u1", "u2"))))
        .isEqualTo(new AssignmentRequest.Invalid("user_id", "single", "user_id is given 2 times; send it once"));
  }

  @Test
  void shouldReadTheIdFromAJsonBody() throws Exception {
    assertThat(AssignmentRequest.fromBody(JSON.readTree("{\"anonymous_id\": \"a1\", \"user_id\": null}")))
        .isEqualTo(new AssignmentRequest.Identified("anonymous_id", "a1"));
  }

  @Test
  void shouldRefuseANonStringIdOrABodyThatIsNoObject() throws Exception {
    assertThat(AssignmentRequest.fromBody(JSON.readTree("{\"user_id\": 42}")))
        .isInstanceOfSatisfying(AssignmentRequest.Invalid.class, i -> {
          assertThat(i.field()).isEqualTo("user_id");
          assertThat(i.rule()).isEqualTo("type");
        });
    assertThat(AssignmentRequest.fromBody(JSON.readTree("[1]"))).isInstanceOf(AssignmentRequest.Invalid.class);
  }
}
