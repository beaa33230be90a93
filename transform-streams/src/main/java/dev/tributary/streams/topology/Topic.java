package dev.tributary.streams.topology;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic as a value: its name and the serdes of its keys and values, built once in the
 * {@code app} package and handed to the topology, so the topology never looks up a name or
 * configures a serde itself.
 *
 * <p>Immutable; thread-safety is that of the serdes (ours are thread-safe).
 */
public record Topic<K, V>(String name, Serde<K> key, Serde<V> value) {

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
  }
}
