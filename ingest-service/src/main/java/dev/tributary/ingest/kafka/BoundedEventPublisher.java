package dev.tributary.ingest.kafka;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sheds load instead of buffering without bound: at most {@code maxInFlightEvents} events and
 * {@code maxInFlightBytes} bytes (estimated, see {@link OutgoingEvent#estimatedBytes()}) may be handed
 * to the delegate and not yet settled; a publish beyond either bound fails at once with
 * {@link PublisherOverloadedException}, which the HTTP layer answers with 503 and Retry-After. A
 * request is always admitted when nothing is in flight, so one batch larger than a bound still
 * makes progress.
 *
 * <p>Thread-safe (the two counters are updated together under a lock held for a few instructions).
 */
public final class BoundedEventPublisher implements EventPublisher {

  private final EventPublisher delegate;
  private final long maxInFlightEvents;
  private final long maxInFlightBytes;
  private long inFlightEvents;
  private long inFlightBytes;

  /** A publisher bounded by event count only. */
  public BoundedEventPublisher(EventPublisher delegate, long maxInFlightEvents) {
    this(delegate, maxInFlightEvents, Long.MAX_VALUE);
  }

  public BoundedEventPublisher(EventPublisher delegate, long maxInFlightEvents, long maxInFlightBytes) {
    if (maxInFlightEvents <= 0 || maxInFlightBytes <= 0) {
      throw new IllegalArgumentException("in-flight bounds must be positive: " + maxInFlightEvents + " events, "
          + maxInFlightBytes + " bytes");
    }
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.maxInFlightEvents = maxInFlightEvents;
    this.maxInFlightBytes = maxInFlightBytes;
  }

  @Override
  public CompletionStage<Void> publish(List<OutgoingEvent> events) {
    int n = events.size();
    long bytes = 0;
    for (OutgoingEvent e : events) {
      bytes += e.estimatedBytes();
    }
    String overload = tryAcquire(n, bytes);
    if (overload != null) {
      return CompletableFuture.failedFuture(new PublisherOverloadedException(overload));
    }
    CompletionStage<Void> stage;
    try {
      stage = delegate.publish(events);
    } catch (RuntimeException e) {
      release(n, bytes);
      return CompletableFuture.failedFuture(e);
    }
    long acquiredBytes = bytes;
    return stage.whenComplete((ok, error) -> release(n, acquiredBytes));
  }

  /** Events handed on and not yet settled. */
  public synchronized long inFlight() {
    return inFlightEvents;
  }

  /** Estimated bytes handed on and not yet settled. */
  public synchronized long inFlightBytes() {
    return inFlightBytes;
  }

  /** Null when admitted, else the reason for refusing. */
  private synchronized String tryAcquire(int n, long bytes) {
    if (inFlightEvents > 0) {
      if (inFlightEvents + n > maxInFlightEvents) {
        return "more than " + maxInFlightEvents + " events await Kafka acknowledgement (ingest.max.in.flight.events)";
      }
      if (inFlightBytes + bytes > maxInFlightBytes) {
        return "more than " + maxInFlightBytes + " bytes await Kafka acknowledgement (ingest.max.in.flight.bytes)";
      }
    }
    inFlightEvents += n;
    inFlightBytes += bytes;
    return null;
  }

  private synchronized void release(int n, long bytes) {
    inFlightEvents -= n;
    inFlightBytes -= bytes;
  }

  @Override
  public void close() {
    delegate.close();
  }
}
