package dev.tributary.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.DeadLetterReason;
import dev.tributary.events.MinuteMetric;
import dev.tributary.events.RawEvent;
import dev.tributary.events.TooLateEvent;
import dev.tributary.schema.serde.AvroDeserializer;
import dev.tributary.schema.serde.AvroSerdes;
import dev.tributary.schema.serde.AvroSerializer;
import dev.tributary.streams.config.StreamsSettings;
import dev.tributary.streams.metrics.EventSource;
import dev.tributary.streams.metrics.MinuteMetrics;
import dev.tributary.testsupport.InMemorySchemaRegistry;
import dev.tributary.testsupport.TestRecords;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTopologyTest {

  private static final Duration GRACE = Duration.ofMinutes(10);
  /** A minute boundary: 2024-05-01T12:00:00Z. */
  private static final Instant M0 = Instant.parse("2024-05-01T12:00:00Z");
  private static final Duration ONE_MINUTE = Duration.ofMinutes(1);
  private static final Duration DEDUPE_WINDOW = StreamsSettings.DEFAULT_DEDUPE_WINDOW;

  @TempDir
  Path stateDir;

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroSerializer<RawEvent> rawSerializer = new AvroSerializer<>(registry, false);
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> raw;
  private TestOutputTopic<String, CleanEvent> clean;
  private TestOutputTopic<String, DeadLetter> dlq;
  private TestOutputTopic<String, MinuteMetric> metrics;
  private TestOutputTopic<String, TooLateEvent> tooLate;
  private final Map<String, MinuteMetric> latestMetrics = new HashMap<>();
  private int eventSeq;

  @BeforeEach
  void startDriver() {
    startDriver(true);
  }

  private void startDriver(boolean dedupe) {
    StreamsSettings settings = StreamsSettings.load(Map.of(), Map.of(StreamsSettings.STATE_DIR, stateDir.toString(),
        StreamsSettings.METRICS_GRACE_MS, Long.toString(GRACE.toMillis())));
    TopologySettings configured = settings.topologySettings();
    TopologySettings topologySettings = new TopologySettings(configured.metricsGrace(),
        configured.clockSkewTolerance(), configured.maxEventNameLength(), dedupe, configured.dedupeWindow(),
        configured.streamsConfig());
    Topics topics = Topics.of(TopicNames.defaults(StreamsSettings.DATASETS), registry,
        new AvroDeserializer<>(registry, RawEvent.class));
    Topology topology = PipelineTopology.build(topics, topologySettings);
    Properties props = new Properties();
    props.putAll(settings.streamsConfig());
    driver = new TopologyTestDriver(topology, props);
    raw = driver.createInputTopic("events.raw", new StringSerializer(), new ByteArraySerializer());
    clean = driver.createOutputTopic("events.clean", new StringDeserializer(),
        new AvroDeserializer<>(registry, CleanEvent.class));
    dlq = driver.createOutputTopic("events.dlq", new StringDeserializer(),
        new AvroDeserializer<>(registry, DeadLetter.class));
    metrics = driver.createOutputTopic("metrics.minute", new StringDeserializer(),
        new AvroDeserializer<>(registry, MinuteMetric.class));
    tooLate = driver.createOutputTopic("metrics.too-late", new StringDeserializer(),
        new AvroDeserializer<>(registry, TooLateEvent.class));
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void shouldWriteValidEventToCleanTopicWithClockSkewCorrectedTimestamp() {
    // the client's clock runs one hour fast: it stamped the event 5 s before sending it
    String payload = """
        {"event":"purchase","userId":"u1","timestamp":"2024-05-01T13:00:55Z","sentAt":"2024-05-01T13:01:00Z",
         "properties":{"revenue":12.5, "sku" : "A-1"},"context":{"ip":"10.0.0.1"}}""";
    Instant receivedAt = Instant.parse("2024-05-01T12:01:00Z");
    raw.pipeInput("u1", rawBytes("e-1", receivedAt, payload), receivedAt.plusMillis(3));

    TestRecord<String, CleanEvent> out = clean.readRecord();
    assertThat(out.key()).isEqualTo("u1");
    assertThat(out.timestamp()).isEqualTo(receivedAt.plusMillis(3).toEpochMilli());
    CleanEvent e = out.value();
    assertThat(e.getEventId()).isEqualTo("e-1");
    assertThat(e.getType()).isEqualTo("track");
    assertThat(e.getEvent()).isEqualTo("purchase");
    assertThat(e.getUserId()).isEqualTo("u1");
    assertThat(e.getAnonymousId()).isNull();
    assertThat(e.getTimestamp()).isEqualTo(Instant.parse("2024-05-01T12:00:55Z"));
    assertThat(e.getOriginalTimestamp()).isEqualTo(Instant.parse("2024-05-01T13:00:55Z"));
    assertThat(e.getSentAt()).isEqualTo(Instant.parse("2024-05-01T13:01:00Z"));
    assertThat(e.getReceivedAt()).isEqualTo(receivedAt);
    assertThat(e.getSource()).isEqualTo("web");
    assertThat(e.getProperties()).isEqualTo("{\"revenue\":12.5,\"sku\":\"A-1\"}");
    assertThat(e.getContext()).isEqualTo("{\"ip\":\"10.0.0.1\"}");
    assertThat(e.getRevenue()).isEqualTo(12.5);
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldKeyCleanEventByAnonymousIdWhenThereIsNoUserId() {
    raw.pipeInput("whatever", rawBytes("e-1", M0, "{\"event\":\"view\",\"anonymous_id\":\"a-9\"}"), M0);

    assertThat(clean.readRecord().key()).isEqualTo("a-9");
  }

  @Test
  void shouldDeadLetterMalformedJsonWithThePayloadBytes() {
    String payload = "{\"event\":\"purchase\",\"user_id\":";
    raw.pipeInput("u1", rawBytes("e-1", M0, payload), M0.plusSeconds(1));

    DeadLetter d = dlq.readValue();
    assertThat(d.getReason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
    assertThat(d.getField()).isNull();
    assertThat(d.getDetail()).contains("not valid JSON");
    assertThat(bytes(d.getRawPayload())).isEqualTo(payload.getBytes(StandardCharsets.UTF_8));
    assertThat(d.getEventId()).isEqualTo("e-1");
    assertThat(d.getSource()).isEqualTo("web");
    assertThat(d.getReceivedAt()).isEqualTo(M0);
    assertThat(d.getStage()).isEqualTo("transform-streams");
    assertThat(d.getFailedAt()).isEqualTo(M0.plusSeconds(1));
    assertThat(clean.isEmpty()).isTrue();
    assertThat(metrics.isEmpty()).isTrue();
  }

  @Test
  void shouldDeadLetterEventWithoutIdentityAsMissingField() {
    raw.pipeInput("u1", rawBytes("e-1", M0, "{\"event\":\"purchase\"}"), M0);

    TestRecord<String, DeadLetter> out = dlq.readRecord();
    assertThat(out.key()).isEqualTo("u1");
    assertThat(out.value().getReason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
    assertThat(out.value().getField()).isEqualTo("user_id");
    assertThat(out.value().getDetail()).contains("anonymous_id");
    assertThat(clean.isEmpty()).isTrue();
  }

  @Test
  void shouldDeadLetterBadTimestampAsInvalidField() {
    raw.pipeInput("u1", rawBytes("e-1", M0, "{\"event\":\"purchase\",\"user_id\":\"u1\",\"timestamp\":\"yesterday\"}"), M0);

    DeadLetter d = dlq.readValue();
    assertThat(d.getReason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
    assertThat(d.getField()).isEqualTo("timestamp");
    assertThat(d.getDetail()).contains("ISO-8601");
    assertThat(clean.isEmpty()).isTrue();
  }

  @Test
  void shouldDeadLetterUndecodableRecordWithItsExactBytesAndPosition() {
    raw.pipeInput("u1", rawBytes("e-1", M0, event("purchase", M0)), M0);
    byte[] garbage = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);
    raw.pipeInput("u2", garbage, M0.plusSeconds(2));

    assertThat(clean.readValuesToList()).hasSize(1);
    TestRecord<String, DeadLetter> out = dlq.readRecord();
    DeadLetter d = out.value();
    assertThat(out.key()).isEqualTo("u2");
    assertThat(d.getReason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE);
    assertThat(bytes(d.getRawPayload())).isEqualTo(garbage);
    assertThat(bytes(d.getRawKey())).isEqualTo("u2".getBytes(StandardCharsets.UTF_8));
    assertThat(d.getSourceTopic()).isEqualTo("events.raw");
    assertThat(d.getSourcePartition()).isZero();
    assertThat(d.getSourceOffset()).isEqualTo(1L);
    assertThat(d.getFailedAt()).isEqualTo(M0.plusSeconds(2));
    assertThat(d.getEventId()).isNull();
    assertThat(d.getDetail()).contains("magic byte");
  }

  @Test
  void shouldDeadLetterTombstoneWithoutStopping() {
    raw.pipeInput("u1", (byte[]) null, M0);
    raw.pipeInput("u1", rawBytes("e-2", M0, event("purchase", M0)), M0);

    assertThat(dlq.readValue().getReason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE);
    assertThat(clean.readValue().getEventId()).isEqualTo("e-2");
  }

  @Test
  void shouldCountCleanEventsPerEventNameSourceAndEventTimeMinute() {
    pipeEvent("purchase", M0.plusSeconds(5));
    pipeEvent("purchase", M0.plusSeconds(59));
    pipeEvent("signup", M0.plusSeconds(30));
    pipeEvent("purchase", M0.plus(ONE_MINUTE));

    assertThat(finalCount("purchase", M0)).isEqualTo(2);
    assertThat(finalCount("signup", M0)).isEqualTo(1);
    assertThat(finalCount("purchase", M0.plus(ONE_MINUTE))).isEqualTo(1);
    MinuteMetric m = latestMetrics().get(key("purchase", M0));
    assertThat(m.getStatus()).isEqualTo("final");
    assertThat(m.getSource()).isEqualTo("web");
    assertThat(m.getDistinctUsers()).isEqualTo(1);
  }

  @Test
  void shouldSendEventArrivingAfterItsMinutePlusGraceToTooLate() {
    pipeEvent("purchase", M0.plusSeconds(10));
    pipeEvent("purchase", M0.plus(ONE_MINUTE).plus(GRACE));
    metrics.readKeyValuesToList();
    pipeEvent("purchase", M0.plusSeconds(20));

    assertThat(metrics.isEmpty()).isTrue();
    assertThat(tooLate.readKeyValue().key).isEqualTo(key("purchase", M0));
    assertThat(clean.readValuesToList()).hasSize(3);
  }

  @Test
  void shouldSumRevenueOfNumbersAndNumericStringsPerMinute() {
    pipe("{\"event\":\"purchase\",\"user_id\":\"u1\",\"timestamp\":\"" + M0.plusSeconds(1) + "\",\"properties\":{\"revenue\":10.25}}");
    pipe("{\"event\":\"purchase\",\"user_id\":\"u2\",\"timestamp\":\"" + M0.plusSeconds(2) + "\",\"properties\":{\"revenue\":\"4.5\"}}");
    pipe("{\"event\":\"purchase\",\"user_id\":\"u3\",\"timestamp\":\"" + M0.plusSeconds(3) + "\",\"properties\":{}}");
    finalCount("purchase", M0);

    MinuteMetric m = latestMetrics().get(key("purchase", M0));
    assertThat(m.getCount()).isEqualTo(3);
    assertThat(m.getDistinctUsers()).isEqualTo(3);
    assertThat(m.getRevenue()).isEqualTo(14.75);
  }

  @Test
  void shouldNameEveryInternalTopicAfterItsOperator() {
    pipeEvent("purchase", M0);

    assertThat(driver.producedTopicNames()).contains(
        "tributary-transform-metrics-by-event-source-repartition",
        "tributary-transform-metrics-minute-state-store-changelog",
        "tributary-transform-dedupe-store-changelog");
  }

  @Test
  void shouldDropRetriedEventIdWithinTheWindowFromCleanTopicAndMetrics() {
    String payload = event("purchase", M0.plusSeconds(5));
    Instant firstWrite = M0.plusSeconds(6);
    raw.pipeInput("u1", rawBytes("e-1", firstWrite, payload), firstWrite);
    // the client got no 2xx and retried an hour later; ingest wrote the event again
    Instant retry = firstWrite.plus(Duration.ofHours(1));
    raw.pipeInput("u1", rawBytes("e-1", retry, payload), retry);

    assertThat(clean.readValuesToList()).extracting(CleanEvent::getEventId).containsExactly("e-1");
    assertThat(metrics.readValuesToList()).extracting(MinuteMetric::getCount).containsExactly(1L);
    assertThat(finalCount("purchase", M0)).isEqualTo(1);
    assertThat(dlq.isEmpty()).isTrue();
    assertThat(duplicatesCounted()).isEqualTo(1.0);
  }

  @Test
  void shouldRememberTheEmittedEventIdInTheDedupeStore() {
    Instant written = M0.plusSeconds(6);
    raw.pipeInput("u1", rawBytes("e-1", written, event("purchase", M0)), written);
    raw.pipeInput("u1", rawBytes("e-2", written, "{\"event\":"), written.plusMillis(1));

    assertThat(storedEmissions("e-1")).containsExactly(KeyValue.pair(written.toEpochMilli(), EmittedAs.CLEAN));
    assertThat(storedEmissions("e-2"))
        .containsExactly(KeyValue.pair(written.plusMillis(1).toEpochMilli(), EmittedAs.DEAD_LETTER));
  }

  @Test
  void shouldPassRetriedEventIdAgainOnceTheWindowHasPassed() {
    String payload = event("purchase", M0);
    raw.pipeInput("u1", rawBytes("e-1", M0, payload), M0);
    Instant lastMomentInWindow = M0.plus(DEDUPE_WINDOW).minusMillis(1);
    raw.pipeInput("u1", rawBytes("e-1", lastMomentInWindow, payload), lastMomentInWindow);
    raw.pipeInput("u1", rawBytes("e-1", M0.plus(DEDUPE_WINDOW), payload), M0.plus(DEDUPE_WINDOW));

    assertThat(clean.readRecordsToList()).extracting(TestRecord::timestamp)
        .containsExactly(M0.toEpochMilli(), M0.plus(DEDUPE_WINDOW).toEpochMilli());
    assertThat(duplicatesCounted()).isEqualTo(1.0);
  }

  @Test
  void shouldDropCopyWrittenWithAnEarlierTimestampWithinTheWindow() {
    // two ingest instances with slightly different clocks wrote the original and the retry
    String payload = event("purchase", M0);
    raw.pipeInput("u1", rawBytes("e-1", M0, payload), M0.plusSeconds(30));
    raw.pipeInput("u1", rawBytes("e-1", M0, payload), M0);

    assertThat(clean.readValuesToList()).hasSize(1);
  }

  @Test
  void shouldPassDifferentEventIdsWithTheSamePayload() {
    String payload = event("purchase", M0);
    raw.pipeInput("u1", rawBytes("e-1", M0, payload), M0);
    raw.pipeInput("u1", rawBytes("e-2", M0, payload), M0);

    assertThat(clean.readValuesToList()).extracting(CleanEvent::getEventId).containsExactly("e-1", "e-2");
    assertThat(finalCount("purchase", M0)).isEqualTo(2);
    assertThat(duplicatesCounted()).isZero();
  }

  @Test
  void shouldDeadLetterRetriedPoisonEventOnlyOnce() {
    raw.pipeInput("u1", rawBytes("e-1", M0, "{\"event\":"), M0);
    raw.pipeInput("u1", rawBytes("e-1", M0, "{\"event\":"), M0.plusSeconds(10));

    assertThat(dlq.readValuesToList()).extracting(DeadLetter::getEventId).containsExactly("e-1");
    assertThat(clean.isEmpty()).isTrue();
  }

  @Test
  void shouldEmitDeadLetteredEventIdWhenACopyBecomesCleanButOnlyOnce() {
    // a dead letter replayed after a fix must land, however soon; a second replay must not
    raw.pipeInput("u1", rawBytes("e-1", M0, "{\"event\":"), M0);
    raw.pipeInput("u1", rawBytes("e-1", M0, event("purchase", M0)), M0.plusSeconds(10));
    raw.pipeInput("u1", rawBytes("e-1", M0, event("purchase", M0)), M0.plusSeconds(20));
    raw.pipeInput("u1", rawBytes("e-1", M0, "{\"event\":"), M0.plusSeconds(30));

    assertThat(dlq.readValuesToList()).hasSize(1);
    assertThat(clean.readValuesToList()).extracting(CleanEvent::getEventId).containsExactly("e-1");
    assertThat(duplicatesCounted()).isEqualTo(2.0);
  }

  @Test
  void shouldDeadLetterEveryUndecodableRecordSinceItHasNoEventId() {
    byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
    raw.pipeInput("u1", garbage, M0);
    raw.pipeInput("u1", garbage, M0);

    assertThat(dlq.readValuesToList()).hasSize(2);
  }

  @Test
  void shouldPassRetriedEventIdWhenDedupeIsDisabled() {
    driver.close();
    startDriver(false);
    String payload = event("purchase", M0);
    raw.pipeInput("u1", rawBytes("e-1", M0, payload), M0);
    raw.pipeInput("u1", rawBytes("e-1", M0, payload), M0.plusSeconds(1));

    assertThat(clean.readValuesToList()).extracting(CleanEvent::getEventId).containsExactly("e-1", "e-1");
    assertThat(finalCount("purchase", M0)).isEqualTo(2);
    assertThat(driver.getAllStateStores()).doesNotContainKey(PipelineTopology.DEDUPE_STORE);
  }

  private List<KeyValue<Long, EmittedAs>> storedEmissions(String eventId) {
    WindowStore<String, EmittedAs> store = driver.getWindowStore(PipelineTopology.DEDUPE_STORE);
    List<KeyValue<Long, EmittedAs>> out = new ArrayList<>();
    try (WindowStoreIterator<EmittedAs> it = store.fetch(eventId, Instant.EPOCH, M0.plus(DEDUPE_WINDOW))) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  private double duplicatesCounted() {
    return driver.metrics().entrySet().stream()
        .filter(e -> e.getKey().group().equals("stream-" + EventDeduplicator.METRIC_SCOPE + "-metrics")
            && e.getKey().name().equals(EventDeduplicator.METRIC_OPERATION + "-total"))
        .map(e -> (Double) e.getValue().metricValue())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no duplicates-total metric in " + driver.metrics().keySet()));
  }

  private void pipeEvent(String name, Instant eventTime) {
    pipe(event(name, eventTime));
  }

  /** Pipes an event received (and written to the raw topic) 10 minutes after M0. */
  private void pipe(String payload) {
    Instant receivedAt = M0.plus(Duration.ofMinutes(10));
    raw.pipeInput("u1", rawBytes("e-" + (++eventSeq), receivedAt, payload), receivedAt);
  }

  private static String event(String name, Instant timestamp) {
    return "{\"event\":\"" + name + "\",\"user_id\":\"u1\",\"timestamp\":\"" + timestamp + "\"}";
  }

  private byte[] rawBytes(String eventId, Instant receivedAt, String payload) {
    return rawSerializer.serialize("events.raw", TestRecords.rawEvent(eventId, receivedAt, payload));
  }

  private Map<String, MinuteMetric> latestMetrics() {
    metrics.readKeyValuesToList().forEach(kv -> latestMetrics.put(kv.key, kv.value));
    return latestMetrics;
  }

  /**
   * The count of the final row of {@code event}'s {@code minuteStart}: pipes an event at M0 + 20 min
   * (the latest event time the clock-skew rule keeps for events received at M0 + 10 min), which
   * finalises every minute before M0 + 20 min - 1 min - grace.
   */
  private long finalCount(String event, Instant minuteStart) {
    Instant receivedAt = M0.plus(Duration.ofMinutes(10));
    raw.pipeInput("u1", rawBytes("flush-" + (++eventSeq), receivedAt, event("flush", M0.plus(Duration.ofMinutes(20)))),
        receivedAt);
    MinuteMetric m = latestMetrics().get(key(event, minuteStart));
    assertThat(m).as("row of %s@%s", event, minuteStart).isNotNull();
    assertThat(m.getStatus()).isEqualTo("final");
    return m.getCount();
  }

  private static String key(String event, Instant minuteStart) {
    return MinuteMetrics.metricKey(new EventSource(event, "web"), minuteStart.toEpochMilli());
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
