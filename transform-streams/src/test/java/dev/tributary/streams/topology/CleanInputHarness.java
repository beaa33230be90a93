package dev.tributary.streams.topology;

import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.RawEvent;
import dev.tributary.schema.serde.AvroDeserializer;
import dev.tributary.schema.serde.AvroSerdes;
import dev.tributary.streams.config.StreamsSettings;
import dev.tributary.testsupport.InMemorySchemaRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;

/**
 * What a test of one topology piece over clean events starts from: the service's Kafka Streams configuration
 * (state in {@code stateDir}), a builder, the clean events read from {@code inputTopic} (Avro, string keys) and
 * the catalogue's topics, all with the schemas of {@code registry}. Build the piece on {@link #input}, then
 * {@link #driver()}.
 *
 * <p>Not thread-safe.
 */
public final class CleanInputHarness {

  public final Properties props = new Properties();
  public final StreamsBuilder builder;
  public final KStream<String, CleanEvent> input;
  public final Topics topics;

  public CleanInputHarness(Path stateDir, String inputTopic, InMemorySchemaRegistry registry) {
    StreamsSettings settings = StreamsSettings.load(Map.of(), Map.of(StreamsSettings.STATE_DIR, stateDir.toString()));
    props.putAll(settings.streamsConfig());
    builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
    input = builder.stream(inputTopic,
        Consumed.with(Serdes.String(), AvroSerdes.serde(CleanEvent.class, registry, false)).withName("test-source"));
    topics = Topics.of(TopicNames.defaults(StreamsSettings.DATASETS), registry,
        new AvroDeserializer<>(registry, RawEvent.class));
  }

  /** The driver of everything built on {@link #builder}. */
  public TopologyTestDriver driver() {
    return new TopologyTestDriver(builder.build(), props);
  }
}
