package dev.tributary.testsupport;

import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.DeadLetterReason;
import dev.tributary.events.MinuteMetric;
import dev.tributary.events.RawEvent;
import dev.tributary.events.TooLateEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The one factory of the pipeline's Avro records for tests (the transform's input, the sink's
 * input, the interop and end-to-end tests), with every field set to something checkable. A test that
 * needs one field different copies a record: {@code CleanEvent.newBuilder(cleanEvent(id, t)).setGroupId("g")}.
 *
 * <p>The {@code schemas} module's own tests keep their samples ({@code TestEvents}): {@code schemas}
 * is below this module in the build.
 *
 * <p>Stateless and thread-safe; every call returns a new record.
 */
public final class TestRecords {

  /** Two seconds before a month boundary (UTC): rows land in the January partition. */
  public static final Instant JAN = Instant.parse("2026-01-31T23:59:58.250Z");
  /** Just after the same boundary: rows land in the February partition. */
  public static final Instant FEB = Instant.parse("2026-02-01T00:00:01.500Z");

  private TestRecords() {}

  /** A raw event from source {@code web}, as ingest writes it. */
  public static RawEvent rawEvent(String eventId, Instant receivedAt, String payload) {
    return rawEvent(eventId, "web", receivedAt, payload);
  }

  /** A raw event as ingest writes it; {@code payload} is the event's JSON as the client sent it. */
  public static RawEvent rawEvent(String eventId, String source, Instant receivedAt, String payload) {
    return RawEvent.newBuilder()
        .setEventId(eventId)
        .setSource(source)
        .setReceivedAt(receivedAt)
        .setPayload(payload)
        .build();
  }

  /** A clean {@code track} event of a purchase (revenue 9.5), times just before {@code receivedAt}. */
  public static CleanEvent cleanEvent(String eventId, Instant receivedAt) {
    return CleanEvent.newBuilder()
        .setEventId(eventId)
        .setType("track")
        .setEvent("purchase")
        .setUserId("user-" + eventId)
        .setAnonymousId(null)
        .setTimestamp(receivedAt.minusMillis(1_500))
        .setOriginalTimestamp(receivedAt.minusMillis(2_000))
        .setSentAt(receivedAt.minusMillis(500))
        .setReceivedAt(receivedAt)
        .setSource("web")
        .setProperties("{\"revenue\":9.5,\"sku\":\"it's \\\"quoted\\\"\"}")
        .setContext("{\"ip\":\"10.0.0.1\"}")
        .setRevenue(9.5)
        .build();
  }

  /** A {@code MALFORMED_JSON} dead letter from {@code events.raw} partition 1 offset 42; {@code rawPayload} may be null. */
  public static DeadLetter deadLetter(String eventId, Instant failedAt, byte[] rawPayload) {
    return DeadLetter.newBuilder()
        .setReason(DeadLetterReason.MALFORMED_JSON)
        .setDetail("payload is not a JSON object")
        .setField(null)
        .setStage("transform-streams")
        .setFailedAt(failedAt)
        .setEventId(eventId)
        .setSource("web")
        .setReceivedAt(failedAt.minusMillis(20))
        .setSourceTopic("events.raw")
        .setSourcePartition(1)
        .setSourceOffset(42L)
        .setRawKey(ByteBuffer.wrap("user-1".getBytes(StandardCharsets.UTF_8)))
        .setRawPayload(rawPayload == null ? null : ByteBuffer.wrap(rawPayload))
        .build();
  }

  /**
   * A final per-minute metric from source {@code web}, version 61 s after {@code minuteStart}, with
   * two distinct users whose hashes are 1 and -1 (2^64 - 1 as UInt64).
   */
  public static MinuteMetric minuteMetric(String event, Instant minuteStart, long count, double revenue) {
    return MinuteMetric.newBuilder()
        .setMinuteStart(minuteStart)
        .setEvent(event)
        .setSource("web")
        .setCount(count)
        .setDistinctUsers(2L)
        .setUserHashes(List.of(1L, -1L))
        .setRevenue(revenue)
        .setStatus("final")
        .setUpdatedAt(minuteStart.plusSeconds(61))
        .build();
  }

  /** An event from source {@code web} judged too late for {@code minuteStart} 5 minutes after it (revenue 2.5, user hash 7). */
  public static TooLateEvent tooLateEvent(String event, Instant minuteStart) {
    return TooLateEvent.newBuilder()
        .setMinuteStart(minuteStart)
        .setEvent(event)
        .setSource("web")
        .setEventTime(minuteStart.plusSeconds(30))
        .setStreamTime(minuteStart.plusSeconds(300))
        .setRevenue(2.5)
        .setUserHash(7L)
        .build();
  }
}
