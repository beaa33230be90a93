package dev.tributary.ingest.kafka;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sheds load instead of buffering without bound: at most {@code maxInFlight} events may be handed to
 * the delegate and not yet settled; a publish beyond that fails at once with
 * {@link PublisherOverloadedException}, which the HTTP layer answers with 503 and Retry-After. A
 * request is always admitted when nothing is in flight, so one batch larger than the bound still
 * makes progress.
 *
 * <p>Thread-safe (lock-free counter).
 */
public final class BoundedEventPublisher implements EventPublisher {

  private final EventPublisher delegate;
  private final long maxInFlight;
  private final AtomicLong inFlight = new AtomicLong();

  public BoundedEventPublisher(EventPublisher delegate, long maxInFlight) {
    if (maxInFlight <= 0) {
      throw new IllegalArgumentException("maxInFlight must be positive: " + maxInFlight);
    }
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.maxInFlight = maxInFlight;
  }

  @Override
  public CompletionStage<Void> publish(List<OutgoingEvent> events) {
    int n = events.size();
    if (!tryAcquire(n)) {
      return CompletableFuture.failedFuture(new PublisherOverloadedException(
          "more than " + maxInFlight + " events await Kafka acknowledgement (ingest.max.in.flight.events)"));
    }
    CompletionStage<Void> stage;
    try {
      stage = delegate.publish(events);
    } catch (RuntimeException e) {
      inFlight.addAndGet(-n);
      return CompletableFuture.failedFuture(e);
    }
    return stage.whenComplete((ok, error) -> inFlight.addAndGet(-n));
  }

  /** Events handed on and not yet settled. */
  public long inFlight() {
    return inFlight.get();
  }

  private boolean tryAcquire(int n) {
    while (true) {
      long current = inFlight.get();
      if (current > 0 && current + n > maxInFlight) {
        return false;
      }
      if (inFlight.compareAndSet(current, current + n)) {
        return true;
      }
    }
  }

  @Override
  public void close() {
    delegate.close();
  }
}
