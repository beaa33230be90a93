package dev.tributary.streams.identity;

import dev.tributary.events.DeadLetter;
import dev.tributary.events.DeadLetterReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Dead letters of identify and alias calls the identity stage cannot link. Stateless and thread-safe. */
final class DeadLetters {

  private DeadLetters() {}

  /** A link refused at {@code stage}; keeps the event as JSON and the raw record's coordinates. */
  static DeadLetter refused(DeadLetterReason reason, String field, String detail, String stage, String eventId,
      LinkOrigin o) {
    return DeadLetter.newBuilder()
        .setReason(reason)
        .setField(field)
        .setDetail(detail)
        .setStage(stage)
        .setFailedAt(Instant.ofEpochMilli(o.timestamp()))
        .setEventId(eventId)
        .setSource(o.source())
        .setReceivedAt(Instant.ofEpochMilli(o.receivedAt()))
        .setSourceTopic(o.topic())
        .setSourcePartition(o.partition())
        .setSourceOffset(o.offset())
        .setRawKey(o.key() == null ? null : ByteBuffer.wrap(o.key().getBytes(StandardCharsets.UTF_8)))
        .setRawPayload(ByteBuffer.wrap(o.payload().getBytes(StandardCharsets.UTF_8)))
        .build();
  }
}
