package dev.tributary.ingest.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.ingest.validation.BatchVerdict;
import dev.tributary.ingest.validation.EventJson;
import dev.tributary.ingest.validation.ValidationResult.Accepted;
import dev.tributary.ingest.validation.ValidationResult.Rejected;
import dev.tributary.ingest.webhook.WebhookSignature;

/**
 * Every answer the collector gives, in one place, so the response shapes stay consistent:
 * errors are {@code {"success": false, "error": code, "message": ...}} (plus {@code field}/{@code rule}
 * for invalid content), successes are {@code {"success": true, ...}} as Segment's libraries expect,
 * plus how many events were accepted and which batch items were rejected.
 *
 * <p>Stateless and thread-safe.
 */
public final class Answers {

  static final int RETRY_AFTER_SECONDS = 1;

  private Answers() {}

  /** 200 for one stored event. */
  public static Answer accepted(Accepted event) {
    ObjectNode body = EventJson.object();
    body.put("success", true);
    body.put("accepted", 1);
    body.put("event_id", event.eventId());
    return Answer.of(200, body);
  }

  /** 400 for one invalid event. */
  public static Answer invalidEvent(Rejected rejected) {
    return Answer.of(400, rejection(error("invalid_event"), rejected));
  }

  /** 413 for a single event above {@code ingest.max.event.bytes}. */
  public static Answer eventTooLarge(Rejected rejected) {
    return Answer.of(413, rejection(error("payload_too_large"), rejected));
  }

  /** 400 for a body that cannot be decoded or parsed (bad UTF-8, bad JSON, duplicate key, limits). */
  public static Answer malformed(Rejected rejected) {
    return Answer.of(400, rejection(error("malformed_json"), rejected));
  }

  /** 413 for a gzip body whose decompressed size exceeds {@code ingest.max.batch.bytes}. */
  public static Answer inflatedTooLarge(long limitBytes) {
    return Answer.of(413, rule(error("payload_too_large"), "$", "max_bytes",
        "the decompressed request body exceeds " + limitBytes + " bytes (ingest.max.batch.bytes); send smaller batches"));
  }

  /** 400 for a body that is gzip but cannot be inflated, or is declared gzip and is neither gzip nor JSON. */
  public static Answer corruptGzip(String message) {
    return Answer.of(400, rule(error("malformed_gzip"), "$", "gzip", message));
  }

  /** 415 for a content encoding the collector cannot undo, or a non-UTF-8 charset that changes the body's meaning. */
  public static Answer unsupportedMedia(String header, String message) {
    return Answer.of(415, rule(error("unsupported_media_type"), header, "one_of", message));
  }

  /** 429 with Retry-After when a write key sends faster than {@code ingest.rate.limit.events.per.second}. */
  public static Answer rateLimited(long retryAfterSeconds, double ratePerSecond) {
    return new Answer(429, message(error("rate_limited"), "this write key exceeds its rate limit of "
        + (long) ratePerSecond + " events per second; retry after " + retryAfterSeconds + " s"),
        (int) Math.min(Integer.MAX_VALUE, retryAfterSeconds));
  }

  /** 400 for a body that is not a batch at all. */
  public static Answer invalidBatch(Rejected rejected) {
    return Answer.of(400, rejection(error("invalid_batch"), rejected));
  }

  /**
   * The batch answer once the accepted items are stored: 200 when at least one was accepted,
   * 400 when every item was rejected; the rejected items are listed either way.
   */
  public static Answer batch(BatchVerdict verdict) {
    boolean anyAccepted = !verdict.accepted().isEmpty();
    ObjectNode body = EventJson.object();
    body.put("success", anyAccepted);
    if (!anyAccepted) {
      body.put("error", "invalid_event");
      body.put("message", "every item of the batch was rejected; see rejected for each item's field and rule");
    }
    body.put("accepted", verdict.accepted().size());
    ArrayNode rejected = body.putArray("rejected");
    for (BatchVerdict.Item<Rejected> item : verdict.rejected()) {
      ObjectNode entry = rejected.addObject();
      entry.put("index", item.index());
      rejection(entry, item.result());
    }
    return Answer.of(anyAccepted ? 200 : 400, body);
  }

  /** 401 for a missing or unknown write key. */
  public static Answer unauthorized() {
    return Answer.of(401, message(error("unauthorized"),
        "missing or unknown write key; send 'Authorization: Bearer <write key>' or HTTP Basic with the key as user name"));
  }

  /** 401 for a webhook delivery whose signature is missing, malformed, wrong or outside the tolerance window. */
  public static Answer badSignature(WebhookSignature.Invalid invalid) {
    return Answer.of(401, rule(error("invalid_signature"), WebhookSignature.HEADER, invalid.reason().code(),
        invalid.message()));
  }

  /** 404 for a webhook source that is not configured; the configured names are not listed (they are not public). */
  public static Answer unknownWebhookSource(String source) {
    return Answer.of(404, rule(error("unknown_webhook_source"), "source", "one_of", "no webhook source '" + source
        + "' is configured (ingest.webhook.secrets)"));
  }

  /** 413 for a body above {@code ingest.max.batch.bytes}. */
  public static Answer tooLarge(long limitBytes) {
    return Answer.of(413, rule(error("payload_too_large"), "$", "max_bytes",
        "the request body exceeds " + limitBytes + " bytes (ingest.max.batch.bytes); send smaller batches"));
  }

  /** 503 with Retry-After when the events could not be stored (yet); retrying with the same event ids is safe. */
  public static Answer unavailable(String reason) {
    return new Answer(503, message(error("unavailable"), reason + "; retry with the same event ids"), RETRY_AFTER_SECONDS);
  }

  /** 400 for a request (not an event) that lacks a field or has one of the wrong type. */
  public static Answer invalidRequest(String field, String ruleCode, String message) {
    return Answer.of(400, rule(error("invalid_request"), field, ruleCode, message));
  }

  /** 404, 405 and friends. */
  public static Answer httpError(int status, String code, String message) {
    return Answer.of(status, message(error(code), message));
  }

  /** 200 for the health check. */
  public static Answer healthy() {
    ObjectNode body = EventJson.object();
    body.put("status", "ok");
    return Answer.of(200, body);
  }

  /** 200 when Kafka and the registry answer, else 503 naming the failed dependency. */
  public static Answer readiness(ReadinessCheck.Report report) {
    ObjectNode body = EventJson.object();
    body.put("status", report.ready() ? "ready" : "not_ready");
    ObjectNode checks = body.putObject("checks");
    report.problems().forEach((dependency, problem) -> checks.put(dependency, problem));
    report.healthy().forEach(dependency -> checks.put(dependency, "ok"));
    return Answer.of(report.ready() ? 200 : 503, body);
  }

  private static ObjectNode error(String code) {
    ObjectNode body = EventJson.object();
    body.put("success", false);
    body.put("error", code);
    return body;
  }

  private static ObjectNode message(ObjectNode body, String message) {
    body.put("message", message);
    return body;
  }

  private static ObjectNode rule(ObjectNode body, String field, String rule, String message) {
    body.put("field", field);
    body.put("rule", rule);
    body.put("message", message);
    return body;
  }

  private static ObjectNode rejection(ObjectNode body, Rejected rejected) {
    body.put("field", rejected.field());
    body.put("rule", rejected.rule().code());
    body.put("message", rejected.message());
    return body;
  }
}
