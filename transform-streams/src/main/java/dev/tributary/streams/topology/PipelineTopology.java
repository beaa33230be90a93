package dev.tributary.streams.topology;

import dev.tributary.common.audit.AuditMeasure;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.events.AuditCount;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.DeadLetterReason;
import dev.tributary.streams.audit.AuditCounter;
import dev.tributary.streams.audit.AuditLedger;
import dev.tributary.streams.audit.AuditSubject;
import dev.tributary.streams.backfill.BackfillMetrics;
import dev.tributary.streams.experiments.ExperimentTopology;
import dev.tributary.streams.identity.IdentityTopology;
import dev.tributary.streams.metrics.MinuteMetrics;
import dev.tributary.streams.normalize.EventNormalizer;
import dev.tributary.streams.normalize.NormalizeResult;
import dev.tributary.streams.sessions.SessionTopology;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transform pipeline as a pure function of its topics and settings: decode raw records,
 * validate and normalise events, route clean events and dead letters, and count clean events per
 * event name, source and event-time minute ({@link MinuteMetrics}).
 *
 * <pre>
 * raw-source → decode-raw → normalize → dedupe (store dedupe-store) → route
 *   route → route-clean → clean-unwrap → clean-key-by-identity → [sessionize …] → clean-sink
 *                                      clean-key-by-identity (or sessionize) → [identity-links …]
 *         ↘ route-dead  → dead-unwrap  → dlq-sink
 *                                      clean-key-by-identity (or sessionize) → [experiments-attribute …]
 * clean-unwrap → backfill-route (imported history: {@link BackfillMetrics} → backfill-sink)
 *   → metrics (the live events, see {@link MinuteMetrics}) → metrics-sink, metrics-too-late-sink
 * </pre>
 *
 * The audit ledger ({@link AuditLedger}: {@code audit-report} after {@code decode-raw}, counters after
 * {@code clean-unwrap} and {@code dead-unwrap}, the dedupe's duplicates, the too-late reporter in
 * the metrics) is left out when {@link TopologySettings#auditEnabled()} is false.
 *
 * {@code dedupe} drops copies of an event id already emitted within {@code dedupe.window.ms}
 * (client retries), so a duplicate becomes neither a second clean event nor a second metric
 * sample nor a second dead letter; see {@link EventDeduplicator}. It is left out when
 * {@link TopologySettings#dedupeEnabled()} is false, which only tests ask for (the service has no
 * key for it).
 *
 * <p>Sessions ({@link SessionTopology}: every clean event gets its {@code session_id}; session
 * versions go to {@code sessions}) and identity ({@link IdentityTopology}: the person mapping to
 * {@code persons}) are attached behind the keying by identity when their settings turn them on; the
 * experiment attribution ({@link ExperimentTopology}: per-variant sums to {@code experiments.sums})
 * always is, and judges exposures when the settings give it definitions.
 *
 * <p>Every processor, store and internal topic is named, and the build enforces it
 * ({@code ensure.explicit.internal.resource.naming=true}): renaming any of them changes the
 * application's internal topics, so it must be a deliberate, reviewed change.
 *
 * <p>Never creates clients, reads the environment or opens sockets; stateless and thread-safe.
 */
public final class PipelineTopology {

  /** The dedupe window store, {@code event id → EmittedAs} at the emitted record's timestamp. */
  public static final String DEDUPE_STORE = "dedupe-store";
  /** The dedupe processor; also the entity of its {@code duplicates} metric. */
  public static final String DEDUPE_PROCESSOR = "dedupe";

  private static final Logger log = LoggerFactory.getLogger(PipelineTopology.class);

  private PipelineTopology() {}

  /** Builds the topology; the same inputs always give the same topology. */
  public static Topology build(Topics topics, TopologySettings settings) {
    StreamsBuilder builder = new StreamsBuilder(topologyConfig(settings));
    EventNormalizer normalizer = new EventNormalizer(settings.clockSkewTolerance(), settings.maxEventNameLength(),
        settings.trackingPlan());

    KStream<String, Decoded> decoded = builder
        .stream(topics.raw().name(), Consumed.with(topics.raw().key(), topics.raw().value())
            .withName("raw-source"))
        .processValues(() -> new RawEventDecoder(topics.rawEvents()), Named.as("decode-raw"));
    boolean audited = settings.auditEnabled();
    if (audited) {
      AuditLedger.addStore(builder);
      Topic<String, AuditCount> audit = topics.output(Datasets.AUDIT);
      AuditLedger.report(decoded, PipelineTopology::auditSubject, AuditLedger.REPORT_INTERVAL)
          .to(audit.name(), Produced.with(audit.key(), audit.value()).withName("audit-sink"));
    }
    KStream<String, Routed> normalized = decoded
        .mapValues(d -> route(d, normalizer), Named.as("normalize"));
    if (settings.dedupeEnabled()) {
      Duration window = settings.dedupeWindow();
      builder.addStateStore(EventDeduplicator.storeBuilder(DEDUPE_STORE, window));
      normalized = normalized.processValues(() -> new EventDeduplicator(DEDUPE_STORE, DEDUPE_PROCESSOR, window,
              context -> {
                if (!audited) {
                  return dropped -> { };
                }
                AuditCounter duplicates = AuditCounter.open(context, AuditMeasure.DUPLICATE);
                return dropped -> duplicates.count(auditSubject(dropped));
              }),
          Named.as(DEDUPE_PROCESSOR), audited ? new String[] {DEDUPE_STORE, AuditLedger.STORE} : new String[] {DEDUPE_STORE});
    }
    Map<String, KStream<String, Routed>> routes = normalized
        .split(Named.as("route"))
        .branch((key, routed) -> routed instanceof Routed.Clean, Branched.as("-clean"))
        .defaultBranch(Branched.as("-dead"));

    KStream<String, CleanEvent> clean = AuditLedger.counted(routes.get("route-clean")
        .mapValues(routed -> ((Routed.Clean) routed).event(), Named.as("clean-unwrap")),
        AuditMeasure.CLEAN, PipelineTopology::auditSubject, audited);
    KStream<String, CleanEvent> keyed = clean.selectKey((key, event) -> identity(event),
        Named.as("clean-key-by-identity"));
    if (settings.sessions().isPresent()) {
      keyed = SessionTopology.attach(builder, keyed, topics.output(Datasets.SESSIONS), settings.sessions().get());
    }
    if (settings.identityEnabled()) {
      IdentityTopology.attach(builder, keyed, topics.output(Datasets.PERSONS), deadLetters(topics));
    }
    ExperimentTopology.attach(keyed, topics.output(Datasets.EXPERIMENT_SUMS), deadLetters(topics),
        settings.experiments());
    keyed.to(clean(topics).name(), Produced.with(clean(topics).key(), clean(topics).value())
        .withName("clean-sink"));

    AuditLedger.counted(routes.get("route-dead")
        .mapValues(routed -> ((Routed.Dead) routed).letter(), Named.as("dead-unwrap")),
        AuditMeasure.DEAD_LETTERED, PipelineTopology::auditSubject, audited)
        .to(deadLetters(topics).name(), Produced.with(deadLetters(topics).key(), deadLetters(topics).value())
            .withName("dlq-sink"));

    // imported history is counted apart (BackfillMetrics), so it never disturbs a live minute nor counts as too late
    KStream<String, CleanEvent> live = BackfillMetrics.divert(clean, topics, settings.metricsProvisionalInterval());
    MinuteMetrics.build(live, topics, settings.metricsGrace(), settings.metricsProvisionalInterval(), audited);
    return builder.build();
  }

  private static Topic<String, CleanEvent> clean(Topics topics) {
    return topics.output(Datasets.CLEAN);
  }

  private static Topic<String, DeadLetter> deadLetters(Topics topics) {
    return topics.output(Datasets.DEAD_LETTERS);
  }

  private static Routed route(Decoded decoded, EventNormalizer normalizer) {
    if (decoded instanceof Decoded.Failed failed) {
      return new Routed.Dead(failed.letter());
    }
    Decoded.Event e = (Decoded.Event) decoded;
    NormalizeResult result;
    try {
      result = normalizer.normalize(e.event());
    } catch (RuntimeException bug) {
      // A normaliser bug must not stop the pipeline nor lose the event: it stays replayable in the DLQ
      RecordOrigin o = e.origin();
      log.warn("Normalising {}-{}@{} failed unexpectedly; dead-lettering it as PROCESSING_ERROR",
          o.topic(), o.partition(), o.offset(), bug);
      return new Routed.Dead(DeadLetters.rejected(DeadLetterReason.PROCESSING_ERROR,
          null, "unexpected error while normalising: " + bug, o, e.event()));
    }
    if (result instanceof NormalizeResult.Accepted accepted) {
      return new Routed.Clean(accepted.event());
    }
    NormalizeResult.Rejected r = (NormalizeResult.Rejected) result;
    return new Routed.Dead(DeadLetters.rejected(r.reason(), r.field(), r.detail(), e.origin(), e.event()));
  }

  /** The ledger cell of a raw record: its received minute and source (see docs/AUDIT.md). */
  private static AuditSubject auditSubject(Decoded decoded) {
    if (decoded instanceof Decoded.Event e) {
      return AuditSubject.of(e.event().getReceivedAt().toEpochMilli(), e.event().getSource());
    }
    AuditSubject letter = auditSubject(((Decoded.Failed) decoded).letter());
    return AuditSubject.of(letter.receivedAtMs(), letter.source()); // read: no reason yet
  }

  private static AuditSubject auditSubject(Routed routed) {
    return routed instanceof Routed.Clean c ? auditSubject(c.event()) : auditSubject(((Routed.Dead) routed).letter());
  }

  private static AuditSubject auditSubject(CleanEvent event) {
    return AuditSubject.of(event.getReceivedAt().toEpochMilli(), event.getSource());
  }

  /**
   * A dead letter without a received time could not be decoded: its minute is its Kafka
   * timestamp ({@code failed_at}), as the reconciliation view counts it in the warehouse.
   */
  private static AuditSubject auditSubject(DeadLetter letter) {
    long received = (letter.getReceivedAt() != null ? letter.getReceivedAt() : letter.getFailedAt()).toEpochMilli();
    return new AuditSubject(received, letter.getSource(), letter.getReason().name());
  }

  private static String identity(CleanEvent event) {
    return event.getUserId() != null ? event.getUserId() : event.getAnonymousId();
  }

  private static TopologyConfig topologyConfig(TopologySettings settings) {
    Map<String, Object> config = new HashMap<>(settings.streamsConfig());
    config.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    // Building needs no broker, but StreamsConfig insists on these two keys
    config.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, "tributary-transform");
    config.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused-while-building:9092");
    return new TopologyConfig(new StreamsConfig(config));
  }
}
