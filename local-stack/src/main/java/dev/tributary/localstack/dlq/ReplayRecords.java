package dev.tributary.localstack.dlq;

import dev.tributary.events.DeadLetterReplay;
import dev.tributary.events.RawEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The records a replay writes, built from a dead letter. Pure; thread-safe. */
final class ReplayRecords {

  /** {@code RawEvent.request_id} of a replayed event: says where it came from, in the raw topic and the logs. */
  static final String REQUEST_ID_PREFIX = "dlq-replay:";

  private ReplayRecords() {}

  /** The raw event to send back for a decoded dead letter: original id, source, received time and JSON. */
  static RawEvent rawEvent(DeadLetterToReplay d) {
    return RawEvent.newBuilder()
        .setEventId(d.eventId())
        .setSource(d.source())
        .setReceivedAt(Instant.ofEpochMilli(d.receivedAtMs()))
        .setPayload(new String(d.rawPayload(), StandardCharsets.UTF_8))
        .setRequestId(REQUEST_ID_PREFIX + d.origin().key())
        .setClientIp(null)
        .build();
  }

  /** The record that says {@code d} was replayed. */
  static DeadLetterReplay replay(DeadLetterToReplay d, String replayId, Instant at, String targetTopic) {
    return DeadLetterReplay.newBuilder()
        .setSourceTopic(d.origin().topic())
        .setSourcePartition(d.origin().partition())
        .setSourceOffset(d.origin().offset())
        .setReason(d.reason())
        .setEventId(d.eventId())
        .setSource(d.source())
        .setReceivedAt(d.receivedAtMs() == null ? null : Instant.ofEpochMilli(d.receivedAtMs()))
        .setReplayedAt(at)
        .setReplayId(replayId)
        .setTargetTopic(targetTopic)
        .build();
  }
}
