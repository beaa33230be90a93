package dev.tributary.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.events.RawEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedEventPublisherTest {

  private final FakeEventPublisher fake = new FakeEventPublisher();
  private final BoundedEventPublisher bounded = new BoundedEventPublisher(fake, 3);

  @Test
  void shouldShedRequestThatWouldExceedTheBound() {
    fake.mode(FakeEventPublisher.Mode.HOLD);
    bounded.publish(events(2));

    CompletableFuture<Void> second = bounded.publish(events(2)).toCompletableFuture();

    assertThat(second).isCompletedExceptionally();
    assertThatThrownBy(second::join).hasCauseInstanceOf(PublisherOverloadedException.class);
  }

  @Test
  void shouldAdmitAgainOnceEventsAreSettled() {
    fake.mode(FakeEventPublisher.Mode.HOLD);
    bounded.publish(events(3));
    fake.releaseHeld();

    assertThat(bounded.inFlight()).isZero();
    assertThat(bounded.publish(events(3)).toCompletableFuture()).isNotCompletedExceptionally();
  }

  @Test
  void shouldReleaseBoundWhenPublishFails() {
    fake.mode(FakeEventPublisher.Mode.FAIL);

    bounded.publish(events(3));

    assertThat(bounded.inFlight()).isZero();
  }

  @Test
  void shouldAdmitOversizedRequestWhenNothingIsInFlight() {
    assertThat(bounded.publish(events(5)).toCompletableFuture()).isCompleted().isNotCompletedExceptionally();
  }

  static List<OutgoingEvent> events(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> new OutgoingEvent("u" + i, new RawEvent("e" + i, "src", Instant.EPOCH, "{}", null, null)))
        .toList();
  }
}
