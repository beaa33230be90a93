package dev.tributary.streams.topology;

import dev.tributary.events.DeadLetter;
import dev.tributary.events.DeadLetterReason;
import dev.tributary.events.RawEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builds the dead letters of this stage. Stateless and thread-safe. */
final class DeadLetters {

  /** {@code DeadLetter.stage} of everything this application rejects. */
  static final String STAGE = "transform-streams";

  private DeadLetters() {}

  /** A record whose value could not be decoded: keeps the value bytes exactly as read. */
  static DeadLetter undecodable(RecordOrigin origin, byte[] value, String detail) {
    return base(DeadLetterReason.UNDESERIALIZABLE, null, detail, origin)
        .setRawPayload(value == null ? null : ByteBuffer.wrap(value))
        .build();
  }

  /** A decoded event that broke a rule: keeps the event JSON and what the raw event said about it. */
  static DeadLetter rejected(DeadLetterReason reason, String field, String detail, RecordOrigin origin,
      RawEvent event) {
    return base(reason, field, detail, origin)
        .setEventId(event.getEventId())
        .setSource(event.getSource())
        .setReceivedAt(event.getReceivedAt())
        .setRawPayload(ByteBuffer.wrap(event.getPayload().getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  private static DeadLetter.Builder base(DeadLetterReason reason, String field, String detail,
      RecordOrigin origin) {
    return DeadLetter.newBuilder()
        .setReason(reason)
        .setField(field)
        .setDetail(detail)
        .setStage(STAGE)
        .setFailedAt(Instant.ofEpochMilli(origin.timestamp()))
        .setSourceTopic(origin.topic())
        .setSourcePartition(origin.partition())
        .setSourceOffset(origin.offset())
        .setRawKey(origin.rawKey());
  }
}
