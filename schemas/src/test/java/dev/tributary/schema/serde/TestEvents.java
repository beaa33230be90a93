package dev.tributary.schema.serde;

import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.DeadLetterReason;
import dev.tributary.events.MinuteMetric;
import dev.tributary.events.RawEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Sample records of every contract type. Not test-support's {@code TestRecords}: test-support
 * depends on this module (through local-stack and service-common), so this module's tests cannot
 * use it.
 */
final class TestEvents {

  static final Instant T0 = Instant.parse("2026-11-27T10:15:30.123Z");

  private TestEvents() {
  }

  static RawEvent raw(String eventId) {
    return RawEvent.newBuilder()
        .setEventId(eventId)
        .setSource("web")
        .setReceivedAt(T0)
        .setPayload("{\"event\":\"purchase\",\"user_id\":\"u1\",\"properties\":{\"é\":1}}")
        .setRequestId("req-1")
        .setClientIp(null)
        .build();
  }

  static CleanEvent clean() {
    return CleanEvent.newBuilder()
        .setEventId("e-1")
        .setEvent("purchase")
        .setUserId("u1")
        .setTimestamp(T0.minusSeconds(2))
        .setOriginalTimestamp(T0.minusSeconds(5))
        .setSentAt(T0.minusSeconds(3))
        .setReceivedAt(T0)
        .setSource("web")
        .setProperties("{\"revenue\":9.99}")
        .setContext("{}")
        .setRevenue(9.99)
        .setTraits("{\"plan\":\"pro\"}")
        .setGroupId("g-1")
        .setPreviousId("anon-1")
        .build();
  }

  static DeadLetter deadLetter() {
    return DeadLetter.newBuilder()
        .setReason(DeadLetterReason.MALFORMED_JSON)
        .setDetail("payload is not a JSON object")
        .setField("$")
        .setStage("transform-streams")
        .setFailedAt(T0)
        .setSourceTopic("events.raw")
        .setSourcePartition(2)
        .setSourceOffset(1_234_567_890_123L)
        .setRawKey(ByteBuffer.wrap("u1".getBytes(StandardCharsets.UTF_8)))
        .setRawPayload(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xFF}))
        .build();
  }

  static MinuteMetric metric() {
    return MinuteMetric.newBuilder()
        .setMinuteStart(Instant.ofEpochMilli(1))
        .setEvent("ab")
        .setCount(3)
        .setRevenue(1.5)
        .setUpdatedAt(Instant.ofEpochMilli(64))
        .build();
  }
}
