package dev.tributary.streams.experiments;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.ExperimentSums;
import dev.tributary.experiments.definition.Definitions;
import dev.tributary.experiments.definition.DefinitionsParser;
import dev.tributary.schema.serde.AvroDeserializer;
import dev.tributary.schema.serde.AvroSerializer;
import dev.tributary.streams.topology.CleanInputHarness;
import dev.tributary.testsupport.InMemorySchemaRegistry;
import dev.tributary.testsupport.TestRecords;
import dev.tributary.warehouse.metrics.MetricCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@link ExperimentTopology} alone in a {@link TopologyTestDriver}: clean events in (keyed by their user id,
 * record timestamp = event time), experiment sums and dead letters out, against definitions the test sets.
 *
 * <p>Not thread-safe; close it.
 */
final class ExperimentsDriver implements AutoCloseable {

  static final String INPUT = "test.clean";
  static final Duration WINDOW = Duration.ofDays(14);
  /** The experiment of {@link #DEFINITIONS} and its metrics. */
  static final String EXP = "checkout-button";
  static final String CONVERSION = "purchase_conversion_rate";
  static final String REVENUE = "revenue_per_active_user";
  static final String ORDER_VALUE = "average_order_value";
  /** One experiment, two variations, the example's metrics: a proportion, a mean and a ratio. */
  static final String DEFINITIONS = """
      experiments:
        - key: checkout-button
          phase: 1
          status: running
          coverage: 1
          variants: [{id: control, weight: 0.5}, {id: green, weight: 0.5}]
          start: 2024-05-01T00:00:00Z
          hypothesis: green sells more
          primary_metric: purchase_conversion_rate
          guardrail_metrics: [revenue_per_active_user, average_order_value]
      """;

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final TopologyTestDriver driver;
  private final TestInputTopic<String, CleanEvent> clean;
  final TestOutputTopic<String, ExperimentSums> sums;
  final TestOutputTopic<String, DeadLetter> dlq;
  private volatile Optional<Definitions> definitions;
  private int seq;

  ExperimentsDriver(Path stateDir, String definitionsYaml) {
    this(stateDir, definitionsYaml, ExperimentRules.DEFAULT_CUPED_LOOKBACK, ExperimentRules.DEFAULT_GRACE,
        ExperimentRules.DEFAULT_MAX_PRE_EVENTS, ExperimentRules.DEFAULT_EXPIRY_INTERVAL);
  }

  ExperimentsDriver(Path stateDir, String definitionsYaml, Duration cupedLookback, Duration grace, int maxPreEvents,
      Duration expiryInterval) {
    this.definitions = Optional.ofNullable(definitionsYaml).map(ExperimentsDriver::parse);
    CleanInputHarness harness = new CleanInputHarness(stateDir, INPUT, registry);
    ExperimentRules rules = new ExperimentRules(() -> definitions, MetricCatalogue.bundled().experimentMetrics(),
        WINDOW, ExperimentRules.DEFAULT_REPORT_INTERVAL, cupedLookback, grace, maxPreEvents, expiryInterval);
    ExperimentTopology.attach(harness.input, harness.topics.output(Datasets.EXPERIMENT_SUMS),
        harness.topics.output(Datasets.DEAD_LETTERS), rules);
    driver = harness.driver();
    clean = driver.createInputTopic(INPUT, new StringSerializer(), new AvroSerializer<CleanEvent>(registry, false));
    sums = driver.createOutputTopic("experiments.sums", new StringDeserializer(),
        new AvroDeserializer<>(registry, ExperimentSums.class));
    dlq = driver.createOutputTopic("events.dlq", new StringDeserializer(),
        new AvroDeserializer<>(registry, DeadLetter.class));
  }

  static Definitions parse(String yaml) {
    return ((DefinitionsParser.Valid) DefinitionsParser.parse(yaml,
        MetricCatalogue.bundled().experimentMetrics().keySet())).definitions();
  }

  void definitions(String yaml) {
    definitions = Optional.of(parse(yaml));
  }

  /** {@code user} sees {@code variation} of {@code experiment} at {@code at}. */
  void expose(String user, String experiment, String variation, Instant at) {
    send(user, "Experiment Viewed", "{\"experiment_id\":\"" + experiment + "\",\"variation_id\":\"" + variation
        + "\"}", at);
  }

  void purchase(String user, double revenue, Instant at) {
    send(user, "purchase", "{\"revenue\":" + revenue + "}", at);
  }

  void send(String user, String event, String propertiesJson, Instant at) {
    CleanEvent e = CleanEvent.newBuilder(TestRecords.cleanEvent("e-" + (++seq), at))
        .setEvent(event).setUserId(user).setTimestamp(at).setProperties(propertiesJson).setRevenue(null).build();
    clean.pipeInput(user, e, at);
  }

  /** Lets one report interval of wall-clock time pass: every task reports its pending cells. */
  void report() {
    driver.advanceWallClockTime(ExperimentRules.DEFAULT_REPORT_INTERVAL);
  }

  /** Lets {@code d} of wall-clock time pass: reports and expiry scans that fall due run. */
  void advanceWallClock(Duration d) {
    driver.advanceWallClockTime(d);
  }

  /** The unit's state in the units store; null when it has none. */
  UnitState unit(String unit) {
    return (UnitState) store(ExperimentTopology.UNITS_STORE).get(unit);
  }

  KeyValueStore<String, Object> store(String name) {
    return driver.getKeyValueStore(name);
  }

  /** The records the task wrote to a store's changelog, in order (null values are deletions). */
  List<KeyValue<byte[], byte[]>> changelog(String store) {
    return driver.createOutputTopic("tributary-transform-" + store + "-changelog",
        org.apache.kafka.common.serialization.Serdes.ByteArray().deserializer(),
        org.apache.kafka.common.serialization.Serdes.ByteArray().deserializer()).readKeyValuesToList();
  }

  /** Writes raw bytes into a store, as a restoration from its changelog does. */
  void restore(String store, List<KeyValue<byte[], byte[]>> changelog) {
    KeyValueStore<String, Object> typed = driver.getKeyValueStore(store);
    for (KeyValue<byte[], byte[]> r : changelog) {
      String key = new String(r.key, java.nio.charset.StandardCharsets.UTF_8);
      if (r.value == null) {
        typed.delete(key);
      } else if (store.equals(ExperimentTopology.UNITS_STORE)) {
        typed.put(key, UnitStateSerde.read(r.value));
      } else {
        typed.put(key, CellDelta.serde().deserializer().deserialize("", r.value));
      }
    }
  }

  @Override
  public void close() {
    driver.close();
  }
}
