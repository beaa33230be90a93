package dev.tributary.ingest.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.ingest.validation.BatchVerdict;
import dev.tributary.ingest.validation.EventJson;
import dev.tributary.ingest.validation.ValidationResult.Accepted;
import dev.tributary.ingest.validation.ValidationResult.Rejected;

/**
 * Every answer the collector gives, in one place, so the response shapes stay consistent:
 * errors are {@code {"error": code, "message": ...}} (plus {@code field}/{@code rule} for invalid
 * content), successes say how many events were accepted.
 *
 * <p>Stateless and thread-safe.
 */
public final class Answers {

  static final int RETRY_AFTER_SECONDS = 1;

  private Answers() {}

  /** 200 for one stored event. */
  public static Answer accepted(Accepted event) {
    ObjectNode body = EventJson.object();
    body.put("accepted", 1);
    body.put("event_id", event.eventId());
    return Answer.of(200, body);
  }

  /** 400 for one invalid event. */
  public static Answer invalidEvent(Rejected rejected) {
    return Answer.of(400, rejection(error("invalid_event"), rejected));
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
    if (!anyAccepted) {
      body.put("error", "invalid_event");
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

  /** 400 for a body that is not JSON. */
  public static Answer malformedJson(String detail) {
    return Answer.of(400, message(error("malformed_json"), "the body is not valid JSON: " + detail));
  }

  /** 401 for a missing or unknown write key. */
  public static Answer unauthorized() {
    return Answer.of(401, message(error("unauthorized"),
        "missing or unknown write key; send 'Authorization: Bearer <write key>' or HTTP Basic with the key as user name"));
  }

  /** 413 for a body above {@code ingest.max.batch.bytes}. */
  public static Answer tooLarge(long limitBytes) {
    return Answer.of(413, message(error("payload_too_large"),
        "the request body exceeds " + limitBytes + " bytes (ingest.max.batch.bytes); send smaller batches"));
  }

  /** 503 with Retry-After when the events could not be stored (yet); retrying with the same event ids is safe. */
  public static Answer unavailable(String reason) {
    return new Answer(503, message(error("unavailable"), reason + "; retry with the same event ids"), RETRY_AFTER_SECONDS);
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

  private static ObjectNode error(String code) {
    ObjectNode body = EventJson.object();
    body.put("error", code);
    return body;
  }

  private static ObjectNode message(ObjectNode body, String message) {
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
