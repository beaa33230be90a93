package dev.tributary.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.catalogue.Dataset;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.events.RawEvent;
import dev.tributary.schema.serde.AvroDeserializer;
import dev.tributary.streams.config.StreamsSettings;
import dev.tributary.testsupport.InMemorySchemaRegistry;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/** The topology reads and writes exactly the topics the catalogue says the transform stage uses. */
class TopologyCatalogueTest {

  @Test
  void shouldReadTheRawDatasetAndWriteEveryDatasetTheStreamsStageProduces() {
    TopicNames names = TopicNames.defaults(StreamsSettings.DATASETS);
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    StreamsSettings settings = StreamsSettings.load(Map.of(), Map.of());
    TopologyDescription description = PipelineTopology.build(
        Topics.of(names, registry, new AvroDeserializer<>(registry, RawEvent.class)), settings.topologySettings())
        .describe();

    Set<String> sources = new HashSet<>();
    Set<String> sinks = new HashSet<>();
    for (TopologyDescription.Subtopology sub : description.subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Source source) {
          sources.addAll(source.topicSet());
        } else if (node instanceof TopologyDescription.Sink sink) {
          sinks.add(sink.topic());
        }
      }
    }
    Set<String> external = new HashSet<>(names.all());
    sources.retainAll(external); // internal repartition topics are the topology's own business
    sinks.retainAll(external);
    assertThat(sources).containsExactly(names.of(Datasets.RAW));
    assertThat(sinks).containsExactlyInAnyOrderElementsOf(
        Datasets.producedBy(Dataset.Stage.STREAMS).stream().map(names::of).toList());
  }
}
