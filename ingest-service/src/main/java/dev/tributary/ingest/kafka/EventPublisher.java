package dev.tributary.ingest.kafka;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The port through which the HTTP layer hands accepted events to durable storage. The HTTP layer
 * answers 2xx only once the returned stage completed normally; a failed stage means the client must
 * retry (with the same event ids, which downstream deduplicates).
 *
 * <p>Implementations must be thread-safe and must never block the caller: {@link #publish} is
 * called on an event-loop thread.
 */
public interface EventPublisher extends AutoCloseable {

  /**
   * Publishes the events of one request.
   *
   * @return a stage completing normally once every event was acknowledged, or exceptionally when
   *     any of them was not (for overload: with {@link PublisherOverloadedException})
   */
  CompletionStage<Void> publish(List<OutgoingEvent> events);

  /** Flushes what is pending (bounded in time) and releases resources. */
  @Override
  void close();
}
