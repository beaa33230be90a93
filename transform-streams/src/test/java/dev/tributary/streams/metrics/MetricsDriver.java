package dev.tributary.streams.metrics;

import dev.tributary.events.CleanEvent;
import dev.tributary.events.MinuteMetric;
import dev.tributary.events.TooLateEvent;
import dev.tributary.schema.serde.AvroDeserializer;
import dev.tributary.schema.serde.AvroSerializer;
import dev.tributary.streams.topology.CleanInputHarness;
import dev.tributary.testsupport.InMemorySchemaRegistry;
import dev.tributary.testsupport.TestRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * {@link MinuteMetrics} alone in a {@link TopologyTestDriver}: clean events in, metric rows and
 * too-late events out. The clean events' record timestamps are irrelevant (the metrics run on event
 * time); each gets its own event id.
 *
 * <p>Not thread-safe; close it.
 */
final class MetricsDriver implements AutoCloseable {

  static final String INPUT = "test.clean";

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final TopologyTestDriver driver;
  private final TestInputTopic<String, CleanEvent> clean;
  final TestOutputTopic<String, MinuteMetric> metrics;
  final TestOutputTopic<String, TooLateEvent> tooLate;
  private int seq;

  MetricsDriver(Path stateDir, Duration grace, Duration provisionalInterval) {
    CleanInputHarness harness = new CleanInputHarness(stateDir, INPUT, registry);
    MinuteMetrics.build(harness.input, harness.topics, grace, provisionalInterval);
    driver = harness.driver();
    clean = driver.createInputTopic(INPUT, new StringSerializer(), new AvroSerializer<CleanEvent>(registry, false));
    metrics = driver.createOutputTopic("metrics.minute", new StringDeserializer(),
        new AvroDeserializer<>(registry, MinuteMetric.class));
    tooLate = driver.createOutputTopic("metrics.too-late", new StringDeserializer(),
        new AvroDeserializer<>(registry, TooLateEvent.class));
  }

  /** Pipes a clean event of {@code event} from {@code source} by {@code user} at event time {@code at}, revenue 1.5. */
  void send(String event, String source, String user, Instant at) {
    send(event, source, user, at, 1.5);
  }

  void send(String event, String source, String user, Instant at, double revenue) {
    CleanEvent e = CleanEvent.newBuilder(TestRecords.cleanEvent("e-" + (++seq), at))
        .setEvent(event).setSource(source).setUserId(user).setTimestamp(at).setRevenue(revenue).build();
    clean.pipeInput(user, e, at);
  }

  /** Lets wall-clock time pass, which fires wall-clock punctuations. */
  void advanceWallClock(Duration d) {
    driver.advanceWallClockTime(d);
  }

  Map<String, org.apache.kafka.streams.processor.StateStore> stores() {
    return driver.getAllStateStores();
  }

  java.util.Set<String> producedTopicNames() {
    return driver.producedTopicNames();
  }

  @Override
  public void close() {
    driver.close();
  }
}
