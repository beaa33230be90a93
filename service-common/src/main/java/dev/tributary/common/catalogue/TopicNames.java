package dev.tributary.common.catalogue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The topic names one service uses, resolved from its configuration: for each dataset of the
 * service, the value of the dataset's {@link TopicSpec#configKey()} (its default name unless
 * configured). Services define the keys with {@link #define} and read them with {@link #resolve},
 * so no topic key or default name is written anywhere but in the catalogue.
 *
 * <p>Immutable; thread-safe.
 */
public final class TopicNames {

  private final Map<Dataset<?>, String> names;

  private TopicNames(Map<Dataset<?>, String> names) {
    this.names = names;
  }

  /** Defines the topic key of each dataset, documented with what the topic carries. */
  public static ConfigDef define(ConfigDef def, List<Dataset<?>> datasets) {
    for (Dataset<?> d : datasets) {
      def.define(d.topic().configKey(), Type.STRING, d.topic().defaultName(), new ConfigDef.NonEmptyString(),
          Importance.MEDIUM, d.topic().doc());
    }
    return def;
  }

  /**
   * Reads the topic of each dataset with {@code value} (a configuration's {@code getString}).
   *
   * @throws IllegalArgumentException when two datasets would share one topic
   */
  public static TopicNames resolve(List<Dataset<?>> datasets, Function<String, String> value) {
    Map<Dataset<?>, String> names = new LinkedHashMap<>();
    for (Dataset<?> d : datasets) {
      names.put(d, Objects.requireNonNull(value.apply(d.topic().configKey()), d.topic().configKey()));
    }
    return of(names);
  }

  /** The default names of {@code datasets}. */
  public static TopicNames defaults(List<Dataset<?>> datasets) {
    return prefixed(datasets, "");
  }

  /** The default names of {@code datasets}, each prefixed (one pipeline instance of a test or benchmark). */
  public static TopicNames prefixed(List<Dataset<?>> datasets, String prefix) {
    Map<Dataset<?>, String> names = new LinkedHashMap<>();
    datasets.forEach(d -> names.put(d, prefix + d.topic().defaultName()));
    return of(names);
  }

  /** The configuration of a service that names these topics ({@code topic.clean=...}). */
  public Map<String, String> configuration() {
    Map<String, String> config = new LinkedHashMap<>();
    names.forEach((d, n) -> config.put(d.topic().configKey(), n));
    return config;
  }

  /**
   * Explicit names (tests).
   *
   * @throws IllegalArgumentException when two datasets would share one topic
   */
  public static TopicNames of(Map<Dataset<?>, String> names) {
    Map<String, Dataset<?>> byName = new LinkedHashMap<>();
    names.forEach((d, n) -> {
      Dataset<?> other = byName.put(n, d);
      if (other != null) {
        throw new IllegalArgumentException("datasets " + other.name() + " and " + d.name() + " are both configured"
            + " with topic " + n + " (" + other.topic().configKey() + ", " + d.topic().configKey() + ")");
      }
    });
    return new TopicNames(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(names)));
  }

  /**
   * The topic of {@code dataset}.
   *
   * @throws IllegalArgumentException when this service was not configured with that dataset
   */
  public String of(Dataset<?> dataset) {
    String name = names.get(dataset);
    if (name == null) {
      throw new IllegalArgumentException("no topic configured for dataset " + dataset.name());
    }
    return name;
  }

  /** The datasets, in the order given. */
  public List<Dataset<?>> datasets() {
    return List.copyOf(names.keySet());
  }

  /** The topic names, in dataset order. */
  public List<String> all() {
    return List.copyOf(names.values());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopicNames other && names.equals(other.names);
  }

  @Override
  public int hashCode() {
    return names.hashCode();
  }

  @Override
  public String toString() {
    return names.values().toString();
  }
}
