package dev.tributary.sink.testing;

import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.DeadLetterReason;
import dev.tributary.events.MinuteMetric;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builders of the Avro records the sink consumes, with every field set to something checkable. */
public final class TestRecords {

  public static final Instant JAN = Instant.parse("2026-01-31T23:59:58.250Z");
  public static final Instant FEB = Instant.parse("2026-02-01T00:00:01.500Z");

  private TestRecords() {}

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

  public static MinuteMetric minuteMetric(String event, Instant minuteStart, long count, double revenue) {
    return MinuteMetric.newBuilder()
        .setMinuteStart(minuteStart)
        .setEvent(event)
        .setCount(count)
        .setRevenue(revenue)
        .setUpdatedAt(minuteStart.plusSeconds(61))
        .build();
  }
}
