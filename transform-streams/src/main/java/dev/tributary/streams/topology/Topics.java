package dev.tributary.streams.topology;

import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.MinuteMetric;
import dev.tributary.events.RawEvent;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The topics the pipeline reads and writes.
 *
 * <p>The raw topic is read as bytes and decoded inside the topology with {@code rawEvents}: a
 * record that cannot be decoded then becomes a dead letter carrying its exact bytes, instead of
 * stopping the application in the consumer's deserializer.
 *
 * <p>Immutable; thread-safe when the serdes are.
 *
 * @param raw {@code events.raw}: identity key, undecoded value bytes
 * @param rawEvents decoder of the raw topic's values (wire-format Avro)
 * @param clean {@code events.clean}: identity key
 * @param dlq {@code events.dlq}: identity key (or null)
 * @param metrics {@code metrics.minute}: key {@code <event>@<minute_start epoch ms>}
 */
public record Topics(
    Topic<String, byte[]> raw,
    Deserializer<RawEvent> rawEvents,
    Topic<String, CleanEvent> clean,
    Topic<String, DeadLetter> dlq,
    Topic<String, MinuteMetric> metrics) {

  public Topics {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(rawEvents, "rawEvents");
    Objects.requireNonNull(clean, "clean");
    Objects.requireNonNull(dlq, "dlq");
    Objects.requireNonNull(metrics, "metrics");
    long distinct = Stream.of(raw, clean, dlq, metrics).map(Topic::name).distinct().count();
    if (distinct != 4) {
      throw new IllegalArgumentException("raw, clean, dlq and metrics topics must be four different"
          + " topics, got " + raw.name() + ", " + clean.name() + ", " + dlq.name() + ", " + metrics.name());
    }
  }
}
