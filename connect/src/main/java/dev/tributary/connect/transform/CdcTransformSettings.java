package dev.tributary.connect.transform;

import dev.tributary.common.catalogue.Dataset;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TopicNames;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The settings of {@link CdcEventTransform} besides its mapping keys: the events' source name and
 * the catalogue's raw and dead-letter topics. Immutable.
 *
 * @param source the events' {@code source}, e.g. {@code postgres:shop}
 */
public record CdcTransformSettings(String source, String rawTopic, String dlqTopic) {

  /** The key of the events' source name. */
  public static final String SOURCE = "source";
  /** The datasets the transform writes. */
  static final List<Dataset<?>> WRITES = List.of(Datasets.RAW, Datasets.DEAD_LETTERS);

  static final ConfigDef DEFINITION = TopicNames.define(new ConfigDef()
      .define(SOURCE, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
          ConfigDef.Importance.HIGH, "The events' source, e.g. postgres:shop: the raw event's source and the"
              + " per-source audit and metrics label."), WRITES);

  static CdcTransformSettings of(Map<String, ?> configs) {
    AbstractConfig config = new AbstractConfig(DEFINITION, configs, false);
    TopicNames topics = TopicNames.resolve(WRITES, config::getString);
    return new CdcTransformSettings(config.getString(SOURCE), topics.of(Datasets.RAW), topics.of(Datasets.DEAD_LETTERS));
  }
}
