package dev.tributary.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.ingest.validation.BatchVerdict;
import dev.tributary.ingest.validation.EventJson;
import dev.tributary.common.event.Rule;
import dev.tributary.ingest.validation.ValidationResult.Accepted;
import dev.tributary.ingest.validation.ValidationResult.Rejected;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswersTest {

  private static final Accepted OK = new Accepted("e1", "u1", "{}");
  private static final Rejected NO_ID = new Rejected("user_id", Rule.REQUIRED, "needs an identity");

  @Test
  void shouldAnswerMixedBatchWith200ListingRejectedItemsByIndex() {
    Answer answer = Answers.batch(BatchVerdict.of(List.of(OK, NO_ID, OK)));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(EventJson.compactText(answer.body())).isEqualTo(
        "{\"success\":true,\"accepted\":2,\"rejected\":[{\"index\":1,\"field\":\"user_id\",\"rule\":\"required\",\"message\":\"needs an identity\"}]}");
  }

  @Test
  void shouldAnswerFullyRejectedBatchWith400() {
    Answer answer = Answers.batch(BatchVerdict.of(List.of(NO_ID, NO_ID)));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().get("accepted").intValue()).isZero();
    assertThat(answer.body().get("rejected")).hasSize(2);
    assertThat(answer.body().get("rejected").get(1).get("index").intValue()).isEqualTo(1);
  }

  @Test
  void shouldAnswerFullyAcceptedBatchWithEmptyRejectedList() {
    Answer answer = Answers.batch(BatchVerdict.of(List.of(OK)));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(EventJson.compactText(answer.body())).isEqualTo("{\"success\":true,\"accepted\":1,\"rejected\":[]}");
  }

  @Test
  void shouldAnswerSingleEventWithItsEventId() {
    assertThat(EventJson.compactText(Answers.accepted(OK).body())).isEqualTo("{\"success\":true,\"accepted\":1,\"event_id\":\"e1\"}");
  }

  @Test
  void shouldNameFieldAndRuleOfInvalidEvent() {
    Answer answer = Answers.invalidEvent(NO_ID);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(EventJson.compactText(answer.body())).isEqualTo(
        "{\"success\":false,\"error\":\"invalid_event\",\"field\":\"user_id\",\"rule\":\"required\",\"message\":\"needs an identity\"}");
  }

  @Test
  void shouldAskForRetryWhenUnavailable() {
    Answer answer = Answers.unavailable("Kafka is down");

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.retryAfterSeconds()).isEqualTo(1);
    assertThat(answer.body().get("error").textValue()).isEqualTo("unavailable");
  }
}
