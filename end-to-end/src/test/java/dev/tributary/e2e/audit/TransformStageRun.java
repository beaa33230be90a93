package dev.tributary.e2e.audit;

import dev.tributary.common.catalogue.Dataset;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.events.AuditCount;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.RawEvent;
import dev.tributary.schema.serde.AvroDeserializer;
import dev.tributary.schema.serde.AvroSerializer;
import dev.tributary.streams.audit.AuditLedger;
import dev.tributary.streams.config.StreamsSettings;
import dev.tributary.streams.topology.PipelineTopology;
import dev.tributary.streams.topology.Topics;
import dev.tributary.testsupport.InMemorySchemaRegistry;
import dev.tributary.testsupport.TestRecords;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * One run of the transform stage's real topology (in a {@link TopologyTestDriver}): raw records in,
 * the clean events, dead letters and audit counts it wrote out, each with the offset it would have
 * in its topic. Offsets continue across runs of one {@link Outputs}, as they would across restarts.
 * Not thread-safe.
 */
final class TransformStageRun implements AutoCloseable {

  /** What the stage wrote, in topic order. */
  static final class Outputs {
    final List<CleanEvent> clean = new ArrayList<>();
    final List<DeadLetter> dead = new ArrayList<>();
    final List<AuditCount> audit = new ArrayList<>();
  }

  private final InMemorySchemaRegistry registry;
  private final AvroSerializer<RawEvent> rawSerializer;
  private final TopologyTestDriver driver;
  private final TestInputTopic<String, byte[]> raw;
  private final Outputs outputs;

  TransformStageRun(Path stateDir, Instant wallClock, InMemorySchemaRegistry registry, Outputs outputs) {
    this.registry = registry;
    this.outputs = outputs;
    this.rawSerializer = new AvroSerializer<>(registry, false);
    StreamsSettings settings = StreamsSettings.load(Map.of(), Map.of(StreamsSettings.STATE_DIR, stateDir.toString()));
    Topics topics = Topics.of(TopicNames.defaults(StreamsSettings.DATASETS), registry,
        new AvroDeserializer<>(registry, RawEvent.class));
    Properties props = new Properties();
    props.putAll(settings.streamsConfig());
    driver = new TopologyTestDriver(PipelineTopology.build(topics, settings.topologySettings()), props, wallClock);
    raw = driver.createInputTopic(Datasets.RAW.topic().defaultName(), new StringSerializer(), new ByteArraySerializer());
  }

  /** An event ingest received at {@code receivedAt} (record timestamp = received_at, as ingest writes it). */
  void send(String eventId, String source, Instant receivedAt, String payload) {
    raw.pipeInput(eventId, rawSerializer.serialize("events.raw",
        TestRecords.rawEvent(eventId, source, receivedAt, payload)), receivedAt);
  }

  /** A record no RawEvent decoder can read, written at {@code timestamp}. */
  void sendGarbage(Instant timestamp) {
    raw.pipeInput("garbage", new byte[] {1, 2, 3}, timestamp);
  }

  /** Lets the report interval pass and collects everything written so far. */
  void report() {
    driver.advanceWallClockTime(AuditLedger.REPORT_INTERVAL);
    outputs.clean.addAll(read(Datasets.CLEAN, CleanEvent.class));
    outputs.dead.addAll(read(Datasets.DEAD_LETTERS, DeadLetter.class));
    outputs.audit.addAll(read(Datasets.AUDIT, AuditCount.class));
  }

  private <V extends SpecificRecord> List<V> read(Dataset<V> dataset, Class<V> type) {
    TestOutputTopic<String, V> topic = driver.createOutputTopic(dataset.topic().defaultName(), new StringDeserializer(),
        new AvroDeserializer<>(registry, type));
    return topic.readValuesToList();
  }

  @Override
  public void close() {
    driver.close();
  }
}
