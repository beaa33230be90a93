package dev.tributary.streams.sessions;

import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.Person;
import dev.tributary.events.RawEvent;
import dev.tributary.events.Session;
import dev.tributary.schema.serde.AvroDeserializer;
import dev.tributary.schema.serde.AvroSerializer;
import dev.tributary.streams.config.StreamsSettings;
import dev.tributary.streams.topology.PipelineTopology;
import dev.tributary.streams.topology.Topics;
import dev.tributary.testsupport.InMemorySchemaRegistry;
import dev.tributary.testsupport.TestRecords;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The whole pipeline topology in a {@link TopologyTestDriver}, as the service configures it (plus the
 * given overrides), with the raw input and the outputs the sessions and identity tests read. Every
 * event is piped with record timestamp = received_at = its event time, so tests control stream time
 * and lateness by the order they send events in.
 */
public final class PipelineDriver implements AutoCloseable {

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroSerializer<RawEvent> rawSerializer = new AvroSerializer<>(registry, false);
  public final TopologyTestDriver driver;
  public final TestInputTopic<String, byte[]> raw;
  public final TestOutputTopic<String, CleanEvent> clean;
  public final TestOutputTopic<String, DeadLetter> dlq;
  public final TestOutputTopic<String, Session> sessions;
  public final TestOutputTopic<String, Person> persons;

  public PipelineDriver(Path stateDir, Map<String, String> overrides) {
    Map<String, String> config = new HashMap<>(overrides);
    config.put(StreamsSettings.STATE_DIR, stateDir.toString());
    StreamsSettings settings = StreamsSettings.load(Map.of(), config);
    Topics topics = Topics.of(TopicNames.defaults(StreamsSettings.DATASETS), registry,
        new AvroDeserializer<>(registry, RawEvent.class));
    Properties props = new Properties();
    props.putAll(settings.streamsConfig());
    driver = new TopologyTestDriver(PipelineTopology.build(topics, settings.topologySettings()), props);
    raw = driver.createInputTopic("events.raw", new StringSerializer(), new ByteArraySerializer());
    clean = driver.createOutputTopic("events.clean", new StringDeserializer(),
        new AvroDeserializer<>(registry, CleanEvent.class));
    dlq = driver.createOutputTopic("events.dlq", new StringDeserializer(),
        new AvroDeserializer<>(registry, DeadLetter.class));
    sessions = driver.createOutputTopic("sessions", new StringDeserializer(),
        new AvroDeserializer<>(registry, Session.class));
    persons = driver.createOutputTopic("persons", new StringDeserializer(),
        new AvroDeserializer<>(registry, Person.class));
  }

  /** Sends one event whose JSON is {@code json} (without timestamp), happening and received at {@code at}. */
  public void send(String key, String eventId, Instant at, String json) {
    String payload = json.substring(0, json.lastIndexOf('}')) + ",\"timestamp\":\"" + at + "\"}";
    raw.pipeInput(key, rawSerializer.serialize("events.raw", TestRecords.rawEvent(eventId, at, payload)),
        at.toEpochMilli());
  }

  /** A track call of {@code userId}. */
  public void track(String userId, String eventId, String event, Instant at) {
    send(userId, eventId, at, "{\"type\":\"track\",\"event\":\"" + event + "\",\"userId\":\"" + userId + "\"}");
  }

  @Override
  public void close() {
    driver.close();
  }
}
