package dev.tributary.ingest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.events.RawEvent;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.ingest.config.WriteKeys;
import dev.tributary.ingest.kafka.EventPublisher;
import dev.tributary.ingest.kafka.OutgoingEvent;
import dev.tributary.ingest.kafka.PublisherOverloadedException;
import dev.tributary.ingest.validation.BatchItems;
import dev.tributary.ingest.validation.BatchVerdict;
import dev.tributary.ingest.validation.EventJson;
import dev.tributary.ingest.validation.EventValidator;
import dev.tributary.ingest.validation.ValidationLimits;
import dev.tributary.ingest.validation.ValidationResult;
import dev.tributary.ingest.validation.ValidationResult.Accepted;
import dev.tributary.ingest.validation.ValidationResult.Rejected;
import dev.tributary.schema.registry.SchemaRegistryException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's HTTP routes: {@code POST /v1/events}, {@code POST /v1/batch}, {@code GET /healthz}.
 * Authenticates the write key, parses and validates on the event loop (bounded by the body limit),
 * hands accepted events to the {@link EventPublisher} and answers only once it settled — 2xx means
 * stored, 503 + Retry-After means retry. Response shapes live in {@link Answers}.
 *
 * <p>Thread-safe: handlers share only immutable state and the thread-safe publisher.
 */
public final class IngestRouter {

  private static final Logger log = LoggerFactory.getLogger(IngestRouter.class);
  private static final String SOURCE = "tributary.source";
  private static final String REQUEST_ID = "tributary.requestId";
  /** Slack on top of the producer's own timeout before the HTTP answer gives up waiting. */
  private static final Duration ANSWER_SLACK = Duration.ofSeconds(2);

  private final WriteKeys writeKeys;
  private final long maxBodyBytes;
  private final EventValidator validator;
  private final EventPublisher publisher;
  private final Duration answerTimeout;
  private final Clock clock;

  private IngestRouter(IngestSettings settings, EventPublisher publisher, Clock clock) {
    this.writeKeys = settings.writeKeys();
    this.maxBodyBytes = settings.maxBatchBytes();
    this.validator = new EventValidator(
        new ValidationLimits(settings.maxEventBytes(), settings.maxFuture(), settings.maxPast()), clock);
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.answerTimeout = settings.produceTimeout().plus(ANSWER_SLACK);
    this.clock = clock;
  }

  /** Builds the router; the caller owns the server it is mounted on. */
  public static Router create(Vertx vertx, IngestSettings settings, EventPublisher publisher, Clock clock) {
    return new IngestRouter(settings, publisher, clock).routes(vertx);
  }

  private Router routes(Vertx vertx) {
    Router router = Router.router(vertx);
    router.get("/healthz").handler(ctx -> respond(ctx, Answers.healthy()));
    router.route("/v1/*").handler(this::authenticate);
    router.post("/v1/*").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
    router.post("/v1/events").handler(this::handleEvent);
    router.post("/v1/batch").handler(this::handleBatch);
    router.errorHandler(413, ctx -> respond(ctx, Answers.tooLarge(maxBodyBytes)));
    router.errorHandler(404, ctx -> respond(ctx, Answers.httpError(404, "not_found", "no such route")));
    router.errorHandler(405, ctx -> respond(ctx, Answers.httpError(405, "method_not_allowed", "use POST for /v1 routes")));
    router.errorHandler(400, ctx -> respond(ctx, Answers.httpError(400, "bad_request", "the request cannot be read")));
    router.errorHandler(500, ctx -> {
      log.error("Request {} failed unexpectedly", ctx.<String>get(REQUEST_ID), ctx.failure());
      respond(ctx, Answers.httpError(500, "internal", "internal error; retry later"));
    });
    return router;
  }

  private void authenticate(RoutingContext ctx) {
    String requestId = UUID.randomUUID().toString();
    ctx.put(REQUEST_ID, requestId);
    ctx.response().putHeader("X-Request-Id", requestId);
    var source = AuthorizationHeader.writeKey(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
        .flatMap(writeKeys::sourceOf);
    if (source.isEmpty()) {
      log.debug("Request {} refused: missing or unknown write key", requestId);
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"tributary\"");
      respond(ctx, Answers.unauthorized());
      return;
    }
    ctx.put(SOURCE, source.get());
    ctx.next();
  }

  private void handleEvent(RoutingContext ctx) {
    Instant receivedAt = clock.instant();
    JsonNode body = parse(ctx);
    if (body == null) {
      return;
    }
    ValidationResult result = validator.validate(body);
    if (result instanceof Rejected rejected) {
      log.debug("Request {} rejected: field {} rule {}", ctx.<String>get(REQUEST_ID), rejected.field(), rejected.rule().code());
      respond(ctx, Answers.invalidEvent(rejected));
      return;
    }
    Accepted accepted = (Accepted) result;
    publishThenAnswer(ctx, List.of(accepted), receivedAt, () -> Answers.accepted(accepted));
  }

  private void handleBatch(RoutingContext ctx) {
    Instant receivedAt = clock.instant();
    JsonNode body = parse(ctx);
    if (body == null) {
      return;
    }
    BatchItems items = BatchItems.of(body);
    if (items instanceof BatchItems.Invalid invalid) {
      respond(ctx, Answers.invalidBatch(invalid.reason()));
      return;
    }
    BatchVerdict verdict = BatchVerdict.validate(validator, ((BatchItems.Items) items).items());
    if (!verdict.rejected().isEmpty()) {
      log.debug("Request {}: {} of {} batch items rejected", ctx.<String>get(REQUEST_ID), verdict.rejected().size(),
          verdict.rejected().size() + verdict.accepted().size());
    }
    if (verdict.accepted().isEmpty()) {
      respond(ctx, Answers.batch(verdict));
      return;
    }
    publishThenAnswer(ctx, verdict.acceptedEvents(), receivedAt, () -> Answers.batch(verdict));
  }

  /** The parsed body, or null after answering 400. */
  private JsonNode parse(RoutingContext ctx) {
    Buffer buffer = ctx.body().buffer();
    try {
      return EventJson.parse(buffer == null ? new byte[0] : buffer.getBytes());
    } catch (JsonProcessingException e) {
      respond(ctx, Answers.malformedJson(e.getOriginalMessage()));
      return null;
    }
  }

  private void publishThenAnswer(RoutingContext ctx, List<Accepted> events, Instant receivedAt,
      Supplier<Answer> onStored) {
    String requestId = ctx.get(REQUEST_ID);
    String source = ctx.get(SOURCE);
    SocketAddress remote = ctx.request().remoteAddress();
    String clientIp = remote == null ? null : remote.hostAddress();
    List<OutgoingEvent> outgoing = events.stream()
        .map(e -> new OutgoingEvent(e.identityKey(),
            new RawEvent(e.eventId(), source, receivedAt, e.payload(), requestId, clientIp)))
        .toList();
    Future<Void> stored;
    try {
      stored = Future.fromCompletionStage(publisher.publish(outgoing), ctx.vertx().getOrCreateContext());
    } catch (RuntimeException e) {
      stored = Future.failedFuture(e);
    }
    stored.timeout(answerTimeout.toMillis(), TimeUnit.MILLISECONDS).onComplete(ar -> {
      if (ar.succeeded()) {
        respond(ctx, onStored.get());
      } else {
        respond(ctx, unavailable(requestId, events.size(), ar.cause()));
      }
    });
  }

  private static Answer unavailable(String requestId, int events, Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof PublisherOverloadedException) {
      log.warn("Request {}: shedding {} events: {}", requestId, events, cause.getMessage());
      return Answers.unavailable("the collector is overloaded");
    }
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

  private static void respond(RoutingContext ctx, Answer answer) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(answer.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    if (answer.retryAfterSeconds() > 0) {
      response.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(answer.retryAfterSeconds()));
    }
    response.end(EventJson.compactText(answer.body()));
  }
}
