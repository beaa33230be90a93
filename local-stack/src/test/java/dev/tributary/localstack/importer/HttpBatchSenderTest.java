package dev.tributary.localstack.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpBatchSenderTest {

  @Test
  void shouldReadTheRejectedItemsOfAnAcceptedBatch() {
    BatchAnswer answer = HttpBatchSender.interpret(200, null, """
        {"success":true,"accepted":2,"rejected":[{"index":1,"field":"user_id","rule":"required","message":"needs one"}]}""");

    assertThat(answer).isEqualTo(new BatchAnswer.Acknowledged(2,
        java.util.List.of(new BatchAnswer.ItemError(1, "user_id", "required", "needs one"))));
  }

  @Test
  void shouldTakeA400ListingEveryItemAsSettled() {
    BatchAnswer answer = HttpBatchSender.interpret(400, null, """
        {"success":false,"error":"invalid_event","accepted":0,"rejected":[{"index":0,"field":"event","rule":"required","message":"m"}]}""");

    assertThat(answer).isInstanceOfSatisfying(BatchAnswer.Acknowledged.class, a -> assertThat(a.rejected()).hasSize(1));
  }

  @Test
  void shouldRetryA503AfterItsRetryAfter() {
    assertThat(HttpBatchSender.interpret(503, "3", "{\"error\":\"unavailable\"}"))
        .isInstanceOfSatisfying(BatchAnswer.RetryLater.class, r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(3)));
  }

  @Test
  void shouldRetryA429() {
    assertThat(HttpBatchSender.interpret(429, "1", "{}")).isInstanceOf(BatchAnswer.RetryLater.class);
  }

  @Test
  void shouldGiveUpOnAnUnknownWriteKey() {
    assertThat(HttpBatchSender.interpret(401, null, "{\"error\":\"unauthorized\"}"))
        .isInstanceOfSatisfying(BatchAnswer.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
  }

  @Test
  void shouldGiveUpOnABatchThatIsNotABatch() {
    assertThat(HttpBatchSender.interpret(400, null, "{\"error\":\"invalid_batch\",\"field\":\"batch\"}"))
        .isInstanceOf(BatchAnswer.Refused.class);
  }
}
