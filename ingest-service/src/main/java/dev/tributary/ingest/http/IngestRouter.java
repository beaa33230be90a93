package dev.tributary.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.experiments.definition.Definitions;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.ingest.config.WebhookSources;
import dev.tributary.ingest.config.WriteKeys;
import dev.tributary.ingest.experiments.AssignmentJson;
import dev.tributary.ingest.audit.RejectionLedger;
import dev.tributary.ingest.experiments.AssignmentRequest;
import dev.tributary.ingest.http.TokenBucket.Limited;
import dev.tributary.ingest.kafka.EventPublisher;
import dev.tributary.ingest.validation.BatchItems;
import dev.tributary.ingest.validation.BatchVerdict;
import dev.tributary.ingest.validation.EventJson;
import dev.tributary.ingest.validation.EventValidator;
import dev.tributary.common.event.Rule;
import dev.tributary.ingest.validation.SegmentCalls;
import dev.tributary.ingest.validation.ValidationLimits;
import dev.tributary.ingest.validation.ValidationResult;
import dev.tributary.ingest.validation.ValidationResult.Accepted;
import dev.tributary.ingest.validation.ValidationResult.Rejected;
import dev.tributary.ingest.webhook.WebhookMapping;
import dev.tributary.ingest.webhook.WebhookSignature;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's HTTP routes: Segment's tracking API ({@code POST /v1/track|identify|page|screen|group|alias},
 * {@code /v1/batch} and its alias {@code /v1/import}, whose events are marked as history: {@code RawEvent.backfill}), our own {@code POST /v1/events}, signed webhooks
 * ({@code POST /v1/webhooks/{source}}, see {@link WebhookSignature} and {@link WebhookMapping}), experiment
 * assignments ({@code GET|POST /v1/experiments/assignments}, see {@link AssignmentRequest} and
 * {@link AssignmentJson}), and {@code GET /healthz}, {@code /readyz}, {@code /metrics}. Checks headers and the write key (header,
 * else the body's {@code writeKey}), reads the body by its bytes whatever its Content-Type ({@link RequestBody}:
 * gzip by magic bytes, strict UTF-8, one JSON value) and validates it on the event loop
 * (bounded by the body limit), applies the per-key rate limit, and hands accepted events to the
 * {@link EventPublisher} via {@link Publication}: 2xx means stored, 503/429 + Retry-After means retry.
 * Response shapes live in {@link Answers}.
 *
 * <p>Thread-safe: handlers share only immutable state and thread-safe collaborators.
 */
public final class IngestRouter {

  private static final Logger log = LoggerFactory.getLogger(IngestRouter.class);
  static final String SOURCE = "tributary.source";
  static final String REQUEST_ID = "tributary.requestId";
  /** Set on requests to {@code /v1/import}: their events are history ({@code RawEvent.backfill}). */
  static final String BACKFILL = "tributary.backfill";
  private static final String WRITE_KEY = "tributary.writeKey";
  private static final String DECLARED_GZIP = "tributary.declaredGzip";
  private static final String CONTENT_TYPE = "tributary.contentType";
  private static final String TOO_LARGE = "tributary.tooLarge";
  private static final String WEBHOOK_ROUTE = "/v1/webhooks/:source";
  private static final String WEBHOOK_PREFIX = "/v1/webhooks/";
  private static final String ASSIGNMENTS = "/v1/experiments/assignments";
  /** Segment's typed calls: route path → the type it sets. */
  private static final Map<String, String> CALLS = Map.of("/v1/track", "track", "/v1/identify", "identify",
      "/v1/page", "page", "/v1/screen", "screen", "/v1/group", "group", "/v1/alias", "alias");

  private final WriteKeys writeKeys;
  private final long maxBodyBytes;
  private final EventValidator validator;
  private final RateLimiter rateLimiter;
  private final double ratePerSecond;
  private final IngestMetrics metrics;
  private final ReadinessCheck readiness;
  private final Publication publication;
  private final Clock clock;
  private final WebhookSources webhooks;
  private final WebhookSignature signature;
  private final Supplier<Definitions> experiments;
  private final Refusals refusals;

  private IngestRouter(IngestSettings settings, EventPublisher publisher, Clock clock, IngestMetrics metrics,
      ReadinessCheck readiness, Supplier<Definitions> experiments, RejectionLedger ledger) {
    this.writeKeys = settings.writeKeys();
    this.maxBodyBytes = settings.maxBatchBytes();
    this.validator = new EventValidator(new ValidationLimits(settings.maxEventBytes(), settings.maxFuture(),
        settings.maxPast(), settings.maxDepth()), clock);
    this.ratePerSecond = settings.rateLimitEventsPerSecond();
    this.rateLimiter = new RateLimiter(ratePerSecond, System::nanoTime);
    this.metrics = metrics;
    this.readiness = readiness;
    this.publication = new Publication(publisher, settings.produceTimeout(), metrics, this::respond);
    this.clock = clock;
    this.webhooks = settings.webhooks();
    this.signature = new WebhookSignature(settings.webhookTolerance());
    this.experiments = experiments;
    this.refusals = new Refusals(ledger, settings.produceTimeout().plus(Publication.ANSWER_SLACK), clock,
        this::respond);
  }

  /** Builds the router with fresh metrics, no readiness dependencies and no experiments (tests). */
  public static Router create(Vertx vertx, IngestSettings settings, EventPublisher publisher, Clock clock) {
    return create(vertx, settings, publisher, clock, new IngestMetrics(), ReadinessCheck.alwaysReady(),
        () -> Definitions.EMPTY);
  }

  /**
   * Builds the router; the caller owns the server it is mounted on.
   *
   * @param experiments the experiment definitions in force, read on every assignment request
   */
  public static Router create(Vertx vertx, IngestSettings settings, EventPublisher publisher, Clock clock,
      IngestMetrics metrics, ReadinessCheck readiness, Supplier<Definitions> experiments) {
    return create(vertx, settings, publisher, clock, metrics, readiness, experiments, RejectionLedger.discarding());
  }

  /**
   * Builds the router; the caller owns the server it is mounted on.
   *
   * @param ledger where refusals are recorded before they are answered (the audit ledger)
   */
  public static Router create(Vertx vertx, IngestSettings settings, EventPublisher publisher, Clock clock,
      IngestMetrics metrics, ReadinessCheck readiness, Supplier<Definitions> experiments, RejectionLedger ledger) {
    return new IngestRouter(settings, publisher, clock, metrics, readiness, experiments, ledger).routes(vertx);
  }

  private Router routes(Vertx vertx) {
    Router router = Router.router(vertx);
    router.get("/healthz").handler(ctx -> respond(ctx, Answers.healthy()));
    router.get("/readyz").handler(this::handleReady);
    router.get("/metrics").handler(this::handleMetrics);
    router.route("/v1/*").handler(this::prepare);
    router.post("/v1/*").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
    router.post("/v1/events").handler(ctx -> handleSingle(ctx, null));
    CALLS.forEach((path, type) -> router.post(path).handler(ctx -> handleSingle(ctx, type)));
    router.post("/v1/batch").handler(this::handleBatch);
    router.post("/v1/import").handler(ctx -> {
      ctx.put(BACKFILL, Boolean.TRUE);
      handleBatch(ctx);
    });
    router.post(WEBHOOK_ROUTE).handler(this::handleWebhook);
    router.get(ASSIGNMENTS).handler(this::handleAssignmentQuery);
    router.post(ASSIGNMENTS).handler(this::handleAssignmentBody);
    router.errorHandler(413, ctx -> {
      // the body handler fails the request again as the rest of the body arrives: count it once
      if (ctx.get(TOO_LARGE) == null) {
        ctx.put(TOO_LARGE, Boolean.TRUE);
        refusals.answerThenRecord(ctx, Answers.tooLarge(maxBodyBytes));
      }
    });
    router.errorHandler(404, ctx -> respond(ctx, Answers.httpError(404, "not_found", "no such route")));
    router.errorHandler(405, ctx -> respond(ctx, Answers.httpError(405, "method_not_allowed", "use POST for /v1 routes (GET or POST for /v1/experiments/assignments)")));
    router.errorHandler(400, ctx -> refusals.answerThenRecord(ctx, Answers.httpError(400, "bad_request",
        "the request cannot be read")));
    router.errorHandler(500, ctx -> {
      log.error("Request {} failed unexpectedly", ctx.<String>get(REQUEST_ID), ctx.failure());
      respond(ctx, Answers.httpError(500, "internal", "internal error; retry later"));
    });
    return router;
  }

  /** Request id, header checks and (when sent in a header) the write key, all before the body is read. */
  private void prepare(RoutingContext ctx) {
    String requestId = UUID.randomUUID().toString();
    ctx.put(REQUEST_ID, requestId);
    ctx.response().putHeader("X-Request-Id", requestId);
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    // a webhook is authenticated by its signature; whatever Authorization a provider sends is not a write key
    if (header != null && !ctx.request().path().startsWith(WEBHOOK_PREFIX)) {
      Optional<String> key = AuthorizationHeader.writeKey(header);
      Optional<String> source = key.flatMap(writeKeys::sourceOf);
      if (source.isEmpty()) {
        refuse(ctx);
        return;
      }
      ctx.put(WRITE_KEY, key.get());
      ctx.put(SOURCE, source.get());
    }
    String encoding = ctx.request().getHeader(HttpHeaders.CONTENT_ENCODING);
    Optional<Answer> unreadable = ContentHeaders.problem(encoding);
    if (unreadable.isPresent()) {
      refusals.answer(ctx, unreadable.get());
      return;
    }
    ctx.put(DECLARED_GZIP, ContentHeaders.gzip(encoding));
    // The body is judged by its bytes (RequestBody), whatever it is labelled. Vert.x's BodyHandler
    // would parse a body labelled as a form (urlencoded or multipart) into form attributes: it fails
    // with 400 on a '%' that is no escape (gzip bytes often hold one) and swallows a multipart body.
    // So the label is kept aside for its charset and taken off the request before the body is read.
    ctx.put(CONTENT_TYPE, ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    ctx.request().headers().remove(HttpHeaders.CONTENT_TYPE);
    ctx.next();
  }

  private void handleSingle(RoutingContext ctx, String routeType) {
    JsonNode body = readBody(ctx);
    if (body == null || !authorized(ctx, body) || !admitted(ctx, 1)) {
      return;
    }
    validateThenPublish(ctx, SegmentCalls.single(body, routeType));
  }

  private void validateThenPublish(RoutingContext ctx, JsonNode event) {
    ValidationResult result = validator.validate(event);
    if (result instanceof Rejected rejected) {
      reject(ctx, rejected);
      return;
    }
    Accepted accepted = (Accepted) result;
    publication.publishThenAnswer(ctx, List.of(accepted), clock.instant(), () -> Answers.accepted(accepted));
  }

  private void reject(RoutingContext ctx, Rejected rejected) {
    log.debug("Request {} rejected: field {} rule {}", ctx.<String>get(REQUEST_ID), rejected.field(), rejected.rule().code());
    metrics.rejected(rejected.rule().code(), 1);
    refusals.answer(ctx, rejected.rule() == Rule.MAX_BYTES ? Answers.eventTooLarge(rejected) : Answers.invalidEvent(rejected));
  }

  /**
   * A signed webhook delivery: the source must be configured (else 404), the signature must match over
   * the raw bytes received and lie within the tolerance (else 401, counted), then the payload is mapped
   * to one event (a missing mapped field is 400) that takes the single-event path with the source's name.
   */
  private void handleWebhook(RoutingContext ctx) {
    String name = ctx.pathParam("source");
    Optional<WebhookSources.Source> source = webhooks.source(name);
    if (source.isEmpty()) {
      log.debug("Request {} refused: unknown webhook source", ctx.<String>get(REQUEST_ID));
      refusals.answer(ctx, Answers.unknownWebhookSource(name));
      return;
    }
    ctx.put(SOURCE, name);
    ctx.put(WRITE_KEY, "webhook " + name);
    byte[] raw = rawBody(ctx);
    WebhookSignature.Verdict verdict = signature.verify(ctx.request().getHeader(WebhookSignature.HEADER), raw,
        source.get().secrets(), clock.instant());
    if (verdict instanceof WebhookSignature.Invalid invalid) {
      log.debug("Request {} to webhook source {} refused: signature {}", ctx.<String>get(REQUEST_ID), name,
          invalid.reason().code());
      metrics.webhookRefused(name, invalid.reason().code());
      refusals.answer(ctx, Answers.badSignature(invalid));
      return;
    }
    JsonNode body = readBody(ctx);
    if (body == null || !admitted(ctx, 1)) {
      return;
    }
    WebhookMapping.Outcome outcome = source.get().mapping().map(name, body, raw);
    if (outcome instanceof WebhookMapping.Unmappable unmappable) {
      reject(ctx, unmappable.rejected());
      return;
    }
    validateThenPublish(ctx, ((WebhookMapping.Mapped) outcome).event());
  }

  private void handleBatch(RoutingContext ctx) {
    JsonNode body = readBody(ctx);
    if (body == null || !authorized(ctx, body)) {
      return;
    }
    BatchItems items = BatchItems.of(body);
    if (items instanceof BatchItems.Invalid invalid) {
      metrics.rejected(invalid.reason().rule().code(), 1);
      refusals.answer(ctx, Answers.invalidBatch(invalid.reason()));
      return;
    }
    List<JsonNode> list = ((BatchItems.Items) items).items();
    if (!admitted(ctx, list.size())) {
      return;
    }
    BatchVerdict verdict = BatchVerdict.validate(validator, list);
    verdict.rejected().forEach(item -> metrics.rejected(item.result().rule().code(), 1));
    if (!verdict.rejected().isEmpty()) {
      log.debug("Request {}: {} of {} batch items rejected", ctx.<String>get(REQUEST_ID), verdict.rejected().size(),
          list.size());
    }
    List<String> refused = verdict.rejected().stream().map(item -> item.result().rule().code()).toList();
    if (verdict.accepted().isEmpty()) {
      refusals.recordThen(ctx, refused, () -> respond(ctx, Answers.batch(verdict)));
      return;
    }
    Runnable publish = () -> publication.publishThenAnswer(ctx, verdict.acceptedEvents(), clock.instant(),
        () -> Answers.batch(verdict));
    if (refused.isEmpty()) {
      publish.run();
    } else {
      refusals.recordThen(ctx, refused, publish);
    }
  }

  /** Assignments for the unit in the query string; the write key must come in the header (there is no body). */
  private void handleAssignmentQuery(RoutingContext ctx) {
    if (ctx.get(SOURCE) == null) {
      refuse(ctx);
      return;
    }
    answerAssignments(ctx, AssignmentRequest.fromQuery(Map.of(
        AssignmentRequest.USER_ID, ctx.queryParam(AssignmentRequest.USER_ID),
        AssignmentRequest.ANONYMOUS_ID, ctx.queryParam(AssignmentRequest.ANONYMOUS_ID))));
  }

  private void handleAssignmentBody(RoutingContext ctx) {
    JsonNode body = readBody(ctx);
    if (body == null || !authorized(ctx, body)) {
      return;
    }
    answerAssignments(ctx, AssignmentRequest.fromBody(body));
  }

  // not rate limited: an assignment costs a few hashes and no Kafka write, and counts no event
  private void answerAssignments(RoutingContext ctx, AssignmentRequest.Parsed request) {
    if (request instanceof AssignmentRequest.Invalid invalid) {
      log.debug("Request {} refused: assignment request field {} rule {}", ctx.<String>get(REQUEST_ID),
          invalid.field(), invalid.rule());
      respond(ctx, Answers.invalidRequest(invalid.field(), invalid.rule(), invalid.message()));
      return;
    }
    respond(ctx, Answer.of(200, AssignmentJson.of((AssignmentRequest.Identified) request, experiments.get())));
  }

  /** The decoded and parsed body (judged by its bytes, see {@link RequestBody}), or null after answering 4xx. */
  private JsonNode readBody(RoutingContext ctx) {
    byte[] bytes = rawBody(ctx);
    RequestBody.Result read = RequestBody.read(bytes, Boolean.TRUE.equals(ctx.get(DECLARED_GZIP)),
        ctx.get(CONTENT_TYPE), maxBodyBytes);
    if (read instanceof RequestBody.Refused refused) {
      log.debug("Request {} refused: unreadable body ({})", ctx.<String>get(REQUEST_ID), refused.reason());
      metrics.rejected(refused.reason(), 1);
      refusals.recordThen(ctx, List.of(refused.reason()), () -> respond(ctx, refused.answer()));
      return null;
    }
    return ((RequestBody.Json) read).node();
  }

  private static byte[] rawBody(RoutingContext ctx) {
    Buffer buffer = ctx.body().buffer();
    return buffer == null ? new byte[0] : buffer.getBytes();
  }

  /** True when a write key came in the header (checked already) or in the body's {@code writeKey}. */
  private boolean authorized(RoutingContext ctx, JsonNode body) {
    if (ctx.get(SOURCE) != null) {
      return true;
    }
    Optional<String> key = SegmentCalls.writeKey(body);
    Optional<String> source = key.flatMap(writeKeys::sourceOf);
    if (source.isEmpty()) {
      refuse(ctx);
      return false;
    }
    ctx.put(WRITE_KEY, key.get());
    ctx.put(SOURCE, source.get());
    return true;
  }

  private void refuse(RoutingContext ctx) {
    log.debug("Request {} refused: missing or unknown write key", ctx.<String>get(REQUEST_ID));
    ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"tributary\"");
    refusals.answer(ctx, Answers.unauthorized());
  }

  private boolean admitted(RoutingContext ctx, int events) {
    if (rateLimiter.tryAcquire(ctx.get(WRITE_KEY), events) instanceof Limited limited) {
      log.debug("Request {} of source {} rate limited: {} events", ctx.<String>get(REQUEST_ID), ctx.<String>get(SOURCE), events);
      metrics.rejected("rate_limited", events);
      respond(ctx, Answers.rateLimited(limited.retryAfterSeconds(), ratePerSecond));
      return false;
    }
    return true;
  }

  private void handleReady(RoutingContext ctx) {
    Future.fromCompletionStage(readiness.check(), ctx.vertx().getOrCreateContext()).onComplete(ar -> {
      if (ar.succeeded()) {
        respond(ctx, Answers.readiness(ar.result()));
      } else {
        respond(ctx, Answers.readiness(new ReadinessCheck.Report(List.of(),
            Map.of("check", String.valueOf(ar.cause().getMessage())))));
      }
    });
  }

  private void handleMetrics(RoutingContext ctx) {
    metrics.request("/metrics", 200);
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape());
  }

  void respond(RoutingContext ctx, Answer answer) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    metrics.request(ctx.request().path(), answer.status());
    response.setStatusCode(answer.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    if (answer.retryAfterSeconds() > 0) {
      response.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(answer.retryAfterSeconds()));
    }
    response.end(EventJson.compactText(answer.body()));
  }
}
