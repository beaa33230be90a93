package dev.tributary.common.catalogue;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The Kafka topic of a dataset: the configuration key that names it in every service, the name it
 * has when nobody configures one, how it is created when missing, and what it carries (the key's
 * documentation in each service's configuration reference).
 *
 * <p>Immutable.
 *
 * @param configKey e.g. {@code topic.clean}; environment {@code TOPIC_CLEAN}
 * @param defaultName e.g. {@code events.clean}
 * @param partitions partitions when created; empty means the deployment's {@code topic.partitions}
 * @param cleanupPolicy {@code delete} or {@code compact}, as Kafka spells it
 * @param doc what the topic carries and who writes it
 */
public record TopicSpec(String configKey, String defaultName, OptionalInt partitions, String cleanupPolicy,
    String doc) {

  public static final String DELETE = "delete";
  public static final String COMPACT = "compact";

  public TopicSpec {
    Objects.requireNonNull(configKey, "configKey");
    Objects.requireNonNull(defaultName, "defaultName");
    Objects.requireNonNull(partitions, "partitions");
    Objects.requireNonNull(doc, "doc");
    if (!configKey.startsWith("topic.")) {
      throw new IllegalArgumentException("topic keys live under topic.*: " + configKey);
    }
    if (!DELETE.equals(cleanupPolicy) && !COMPACT.equals(cleanupPolicy)) {
      throw new IllegalArgumentException("cleanup policy must be delete or compact: " + cleanupPolicy);
    }
  }

  /** A topic with the deployment's partition count and time-based retention. */
  public static TopicSpec deleting(String configKey, String defaultName, String doc) {
    return new TopicSpec(configKey, defaultName, OptionalInt.empty(), DELETE, doc);
  }
}
