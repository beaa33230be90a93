package dev.tributary.streams.metrics;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The key the per-minute metrics are partitioned by: event name and source. All minutes of one
 * pair are then counted, finalised and judged too late by one task against one stream time.
 *
 * <p>Immutable and thread-safe, and so is its serde.
 */
public record EventSource(String event, String source) {

  public EventSource {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(source, "source");
  }

  /** Binary: the event's UTF-8 length (4 bytes big-endian), its bytes, then the source's bytes. */
  public static Serde<EventSource> serde() {
    Serializer<EventSource> serializer = (topic, k) -> {
      if (k == null) {
        return null;
      }
      byte[] event = k.event.getBytes(StandardCharsets.UTF_8);
      byte[] source = k.source.getBytes(StandardCharsets.UTF_8);
      return ByteBuffer.allocate(Integer.BYTES + event.length + source.length)
          .putInt(event.length).put(event).put(source).array();
    };
    Deserializer<EventSource> deserializer = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      ByteBuffer b = ByteBuffer.wrap(bytes);
      int eventLength = bytes.length < Integer.BYTES ? -1 : b.getInt();
      if (eventLength < 0 || eventLength > bytes.length - Integer.BYTES) {
        throw new SerializationException("Not an EventSource key in topic " + topic + ": " + bytes.length + " bytes");
      }
      String event = new String(bytes, Integer.BYTES, eventLength, StandardCharsets.UTF_8);
      int sourceFrom = Integer.BYTES + eventLength;
      return new EventSource(event, new String(bytes, sourceFrom, bytes.length - sourceFrom, StandardCharsets.UTF_8));
    };
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
