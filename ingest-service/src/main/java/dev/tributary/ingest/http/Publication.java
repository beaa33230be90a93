package dev.tributary.ingest.http;

import dev.tributary.events.RawEvent;
import dev.tributary.ingest.kafka.EventPublisher;
import dev.tributary.ingest.kafka.OutgoingEvent;
import dev.tributary.ingest.kafka.PublisherOverloadedException;
import dev.tributary.ingest.validation.ValidationResult.Accepted;
import dev.tributary.schema.registry.SchemaRegistryException;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a request's accepted events to the {@link EventPublisher} and answers only once it settled:
 * the success answer when Kafka acknowledged every event, else 503 with Retry-After. The answer never
 * waits longer than {@code ingest.produce.timeout.ms} plus a small slack, so a dead broker costs a
 * client a bounded wait; the events of a request answered 503 may still land (the client's retry
 * then duplicates them, which downstream deduplicates by event id), but a 2xx is never given for
 * events that were not acknowledged.
 *
 * <p>Thread-safe: immutable; called on event-loop threads.
 */
final class Publication {

  private static final Logger log = LoggerFactory.getLogger(Publication.class);
  /** Slack on top of the producer's own timeout before the HTTP answer gives up waiting. */
  static final Duration ANSWER_SLACK = Duration.ofMillis(500);

  private final EventPublisher publisher;
  private final Duration answerTimeout;
  private final IngestMetrics metrics;
  private final BiConsumer<RoutingContext, Answer> respond;

  Publication(EventPublisher publisher, Duration produceTimeout, IngestMetrics metrics,
      BiConsumer<RoutingContext, Answer> respond) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.answerTimeout = produceTimeout.plus(ANSWER_SLACK);
    this.metrics = metrics;
    this.respond = respond;
  }

  void publishThenAnswer(RoutingContext ctx, List<Accepted> events, Instant receivedAt, Supplier<Answer> onStored) {
    String requestId = ctx.get(IngestRouter.REQUEST_ID);
    String source = ctx.get(IngestRouter.SOURCE);
    SocketAddress remote = ctx.request().remoteAddress();
    String clientIp = remote == null ? null : remote.hostAddress();
    // null rather than false for live events: the field stays absent-like, as in records before it existed
    Boolean backfill = Boolean.TRUE.equals(ctx.get(IngestRouter.BACKFILL)) ? Boolean.TRUE : null;
    List<OutgoingEvent> outgoing = events.stream()
        .map(e -> new OutgoingEvent(e.identityKey(),
            new RawEvent(e.eventId(), source, receivedAt, e.payload(), requestId, clientIp, backfill)))
        .toList();
    long began = System.nanoTime();
    Future<Void> stored;
    try {
      stored = Future.fromCompletionStage(publisher.publish(outgoing), ctx.vertx().getOrCreateContext());
    } catch (RuntimeException e) {
      stored = Future.failedFuture(e);
    }
    stored.timeout(answerTimeout.toMillis(), TimeUnit.MILLISECONDS).onComplete(ar -> {
      metrics.produceLatency(Duration.ofNanos(System.nanoTime() - began), ar.succeeded());
      if (ar.succeeded()) {
        metrics.accepted(events.size());
        respond.accept(ctx, onStored.get());
      } else {
        respond.accept(ctx, unavailable(requestId, events.size(), ar.cause()));
      }
    });
  }

  private Answer unavailable(String requestId, int events, Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof PublisherOverloadedException) {
      log.warn("Request {}: shedding {} events: {}", requestId, events, cause.getMessage());
      metrics.rejected("overloaded", events);
      return Answers.unavailable("the collector is overloaded");
    }
    metrics.rejected("unavailable", events);
    if (cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
      log.warn("Request {}: {} events not acknowledged by Kafka in time: {}", requestId, events, cause.getMessage());
      return Answers.unavailable("Kafka did not acknowledge the events in time");
    }
    if (cause instanceof KafkaException || cause instanceof SchemaRegistryException) {
      // expected while Kafka or the registry is down: one line per request, no stack trace
      log.warn("Request {}: {} events not stored in Kafka: {}: {}", requestId, events,
          cause.getClass().getSimpleName(), cause.getMessage());
    } else {
      log.warn("Request {}: {} events not stored in Kafka", requestId, events, cause);
    }
    return Answers.unavailable("the events could not be stored");
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
