package dev.tributary.streams.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Where a raw record came from, captured once by the decoding step so later, context-free steps
 * can still write a dead letter that points at the exact record to replay.
 *
 * <p>Immutable and thread-safe.
 *
 * @param topic source topic
 * @param partition source partition
 * @param offset source offset
 * @param timestamp the record's timestamp; dead letters use it as {@code failed_at} so the
 *     topology stays deterministic (no wall clock)
 * @param key the record key, null when it had none
 */
record RecordOrigin(String topic, int partition, long offset, long timestamp, String key) {

  /** The key as bytes for {@code DeadLetter.raw_key}; keys are written with a UTF-8 string serializer. */
  ByteBuffer rawKey() {
    return key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8));
  }
}
