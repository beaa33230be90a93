package dev.tributary.streams.topology;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the pipeline emitted for an event id: the value of the dedupe store (see
 * {@link EventDeduplicator}). Stored as one byte; the ordinal is part of the changelog format, so
 * constants may only be appended.
 *
 * <p>Immutable and thread-safe.
 */
public enum EmittedAs {
  /** The event went to the clean topic (and into the per-minute metrics). */
  CLEAN,
  /** The event was dead-lettered; a later copy may still become clean (a replay after a fix). */
  DEAD_LETTER;

  private static final EmittedAs[] VALUES = values();

  static Serde<EmittedAs> serde() {
    Serializer<EmittedAs> serializer = (topic, value) -> value == null ? null : new byte[] {(byte) value.ordinal()};
    Deserializer<EmittedAs> deserializer = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      if (bytes.length != 1 || bytes[0] < 0 || bytes[0] >= VALUES.length) {
        throw new SerializationException("not an EmittedAs value in " + topic + ": " + bytes.length + " bytes");
      }
      return VALUES[bytes[0]];
    };
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
