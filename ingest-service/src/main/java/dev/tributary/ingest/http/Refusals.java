package dev.tributary.ingest.http;

import dev.tributary.ingest.audit.RejectionLedger;
import dev.tributary.ingest.audit.Rejections;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what the door refuses into the audit ledger before the refusal is answered: a 4xx goes
 * out only once the {@link RejectionLedger} stored the request's rejections (per received minute,
 * source and rule), so every refusal a client was told about is counted. When the ledger cannot
 * store them within the answer timeout, the request is answered 503 with Retry-After instead: the
 * client sends it again and the refusal is counted when it is answered (the router's error handlers
 * are the exception: {@link #answerThenRecord}). Not counted: 429 and 503
 * (retry answers: nothing was refused), 404/405 routes and assignment requests (no events).
 *
 * <p>Thread-safe: immutable; called on event-loop threads.
 */
final class Refusals {

  private static final Logger log = LoggerFactory.getLogger(Refusals.class);

  private final RejectionLedger ledger;
  private final Duration answerTimeout;
  private final Clock clock;
  private final BiConsumer<RoutingContext, Answer> respond;

  Refusals(RejectionLedger ledger, Duration answerTimeout, Clock clock, BiConsumer<RoutingContext, Answer> respond) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.answerTimeout = answerTimeout;
    this.clock = clock;
    this.respond = respond;
  }

  /** Answers {@code answer}, a refusal of the whole request, counted under its rule (else its error code). */
  void answer(RoutingContext ctx, Answer answer) {
    recordThen(ctx, List.of(ruleOf(answer)), () -> respond.accept(ctx, answer));
  }

  /**
   * Answers {@code answer} at once, then records it: for the router's error handlers (413 for an
   * oversize body, 400 for an unreadable request), which Vert.x answers with a plain-text reason
   * phrase unless they end the response before they return. The one case where a refusal is
   * answered before it is counted: a crash (or Kafka unavailable past the producer's timeout) in
   * between loses that count, and says so in the log.
   */
  void answerThenRecord(RoutingContext ctx, Answer answer) {
    respond.accept(ctx, answer);
    Rejections rejections = Rejections.of(clock.instant(), ctx.get(IngestRouter.SOURCE), List.of(ruleOf(answer)));
    try {
      ledger.record(rejections).whenComplete((ok, error) -> {
        if (error != null) {
          log.warn("Request {}: refusal {} answered but not stored in the audit ledger: {}",
              ctx.<String>get(IngestRouter.REQUEST_ID), rejections.byRule(), String.valueOf(error));
        }
      });
    } catch (RuntimeException e) {
      log.warn("Request {}: refusal {} answered but not stored in the audit ledger", ctx.<String>get(IngestRouter.REQUEST_ID),
          rejections.byRule(), e);
    }
  }

  /** The rule a refusal is counted under: the answer's {@code rule}, else its {@code error} code. */
  static String ruleOf(Answer answer) {
    return answer.body().hasNonNull("rule") ? answer.body().get("rule").asText() : answer.body().path("error").asText();
  }

  /**
   * Records the refusals of {@code rules} (one entry per refused item) for the request's source, then
   * runs {@code then}, which answers; answers 503 instead when they cannot be stored.
   */
  void recordThen(RoutingContext ctx, List<String> rules, Runnable then) {
    Rejections rejections = Rejections.of(clock.instant(), ctx.get(IngestRouter.SOURCE), rules);
    Future<Void> stored;
    try {
      stored = Future.fromCompletionStage(ledger.record(rejections), ctx.vertx().getOrCreateContext());
    } catch (RuntimeException e) {
      stored = Future.failedFuture(e);
    }
    stored.timeout(answerTimeout.toMillis(), TimeUnit.MILLISECONDS).onComplete(ar -> {
      if (ar.succeeded()) {
        then.run();
      } else {
        log.warn("Request {}: {} refusals not stored in the audit ledger, answering 503: {}",
            ctx.<String>get(IngestRouter.REQUEST_ID), rejections.total(), String.valueOf(ar.cause()));
        respond.accept(ctx, Answers.unavailable("the refusal could not be recorded in the audit ledger"));
      }
    });
  }
}
