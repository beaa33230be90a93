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

  @Test
  void shouldShedRequestThatWouldExceedTheByteBound() {
    FakeEventPublisher holding = new FakeEventPublisher();
    holding.mode(FakeEventPublisher.Mode.HOLD);
    long oneEvent = events(1).get(0).estimatedBytes();
    BoundedEventPublisher byBytes = new BoundedEventPublisher(holding, 1_000, oneEvent * 2);

    byBytes.publish(events(2));
    var third = byBytes.publish(events(1)).toCompletableFuture();

    assertThat(third).isCompletedExceptionally();
    assertThat(byBytes.inFlightBytes()).isEqualTo(oneEvent * 2);
    holding.releaseHeld();
    assertThat(byBytes.inFlightBytes()).isZero();
    assertThat(byBytes.publish(events(1)).toCompletableFuture()).isNotCompletedExceptionally();
  }

  static List<OutgoingEvent> events(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> new OutgoingEvent("u" + i, new RawEvent("e" + i, "src", Instant.EPOCH, "{}", null, null, null)))
        .toList();
  }
}
