package dev.tributary.streams.config;

import dev.tributary.common.admin.AdminSettings;
import dev.tributary.common.catalogue.Dataset;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.common.config.OverridePolicy;
import dev.tributary.common.config.PipelineConfig;
import dev.tributary.common.config.WiringKeys;
import dev.tributary.common.event.EventContract;
import dev.tributary.experiments.definition.Definitions;
import dev.tributary.streams.experiments.ExperimentRules;
import dev.tributary.streams.sessions.SessionRules;
import dev.tributary.warehouse.metrics.MetricCatalogue;
import dev.tributary.streams.topology.DedupeRetention;
import dev.tributary.streams.topology.TopologySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.LogAndFailExceptionHandler;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;

/**
 * The transform service's configuration, parsed and validated once from {@link #definition()}.
 * Keys starting with {@code streams.} pass through to Kafka Streams (e.g.
 * {@code STREAMS_POLL_MS=10}), under {@link #OVERRIDES}: not the keys that carry the service's
 * guarantees ({@link #ENFORCED} and the embedded clients' delivery settings), nor the settings this
 * service types itself.
 *
 * <p>Immutable and thread-safe.
 */
public record StreamsSettings(
    String applicationId,
    String bootstrapServers,
    String schemaRegistryUrl,
    Duration schemaRegistryTimeout,
    TopicNames topics,
    int topicPartitions,
    short topicReplicationFactor,
    Duration topicProvisionTimeout,
    Path stateDir,
    Duration commitInterval,
    Duration metricsGrace,
    Duration metricsProvisionalInterval,
    Duration clockSkewTolerance,
    int maxEventNameLength,
    Duration dedupeWindow,
    int numStreamThreads,
    AdminSettings admin,
    Map<String, Object> streamsOverrides,
    Set<String> trackingPlan,
    Optional<SessionRules> sessions,
    boolean identityEnabled,
    boolean auditEnabled,
    ExperimentStreamsSettings experiments,
    RecoverySettings recovery,
    StoreMemorySettings storeMemory) {

  public static final String APPLICATION_ID = WiringKeys.STREAMS_APPLICATION_ID;
  public static final String BOOTSTRAP_SERVERS = PipelineConfig.BOOTSTRAP_SERVERS;
  public static final String SCHEMA_REGISTRY_URL = PipelineConfig.SCHEMA_REGISTRY_URL;
  public static final String SCHEMA_REGISTRY_TIMEOUT_MS = PipelineConfig.SCHEMA_REGISTRY_TIMEOUT_MS;
  /** The datasets this service reads or writes: the raw events and what the transform stage produces. */
  public static final List<Dataset<?>> DATASETS = Stream.concat(Stream.of(Datasets.RAW),
      Datasets.producedBy(Dataset.Stage.STREAMS).stream()).toList();
  public static final String TOPIC_PARTITIONS = PipelineConfig.TOPIC_PARTITIONS;
  public static final String TOPIC_REPLICATION_FACTOR = PipelineConfig.TOPIC_REPLICATION_FACTOR;
  public static final String TOPIC_PROVISION_TIMEOUT_MS = "topic.provision.timeout.ms";
  public static final String STATE_DIR = WiringKeys.STREAMS_STATE_DIR;
  public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
  public static final String METRICS_GRACE_MS = "metrics.grace.ms";
  public static final String METRICS_PROVISIONAL_INTERVAL_MS = "metrics.provisional.interval.ms";
  public static final String CLOCK_SKEW_TOLERANCE_MS = "clock.skew.tolerance.ms";
  public static final String EVENT_NAME_MAX_LENGTH = "event.name.max.length";
  public static final String TRACKING_PLAN_EVENTS = "tracking.plan.events";
  public static final String DEDUPE_WINDOW_MS = "dedupe.window.ms";
  public static final String NUM_STREAM_THREADS = "num.stream.threads";
  public static final String SESSIONS_ENABLED = "sessions.enabled";
  public static final String SESSIONS_INACTIVITY_MS = "sessions.inactivity.ms";
  public static final String SESSIONS_MAX_DURATION_MS = "sessions.max.duration.ms";
  public static final String SESSIONS_GRACE_MS = "sessions.grace.ms";
  public static final String SESSIONS_CONVERSION_EVENTS = WiringKeys.SESSIONS_CONVERSION_EVENTS;
  public static final String IDENTITY_ENABLED = "identity.enabled";
  public static final String AUDIT_ENABLED = "audit.enabled";
  public static final String ADMIN_HOST = WiringKeys.ADMIN_HOST;
  public static final String ADMIN_PORT = WiringKeys.ADMIN_PORT;
  /** Default of {@link #ADMIN_PORT}: next to ingest's 8080 and the local registry's 8081; the sink uses 8083. */
  public static final int DEFAULT_ADMIN_PORT = 8082;
  /**
   * Default of {@link #DEDUPE_WINDOW_MS}: a day, Segment's own dedupe window; older retries are left to
   * the warehouse's ReplacingMergeTree, and a restore from the changelog replays a day of ids instead of
   * a week (docs/PERFORMANCE.md, "Restart cost").
   */
  public static final Duration DEFAULT_DEDUPE_WINDOW = Duration.ofDays(1);
  /** Prefix of keys passed through to {@link StreamsConfig}. */
  public static final String STREAMS_PREFIX = "streams.";

  /**
   * Kafka Streams settings that carry this service's guarantees: exactly-once processing,
   * explicit names for every internal topic and store, and failing loudly on a record that
   * cannot be read or written instead of skipping it.
   *
   * <p>{@code production.exception.handler} fails: a record we cannot write (too large, not
   * authorised, serializer or registry failure) must stop the application, so that under
   * exactly-once its input is reprocessed after the fix, rather than be lost. The raw topic is
   * read as bytes and keys as strings, so deserialization at the source cannot fail (undecodable
   * events become dead letters inside the topology); the only other input is our own repartition
   * topic, where a deserialization failure is a bug, hence fail too. The same for exceptions in
   * processors, which the topology already turns into dead letters where the record is at fault.
   */
  public static final Map<String, Object> ENFORCED = Map.of(
      StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
      StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true",
      StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DefaultProductionExceptionHandler.class.getName(),
      StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailExceptionHandler.class.getName(),
      StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailProcessingExceptionHandler.class.getName(),
      StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");

  /**
   * What {@code streams.*} may not set, also under the prefixes of the embedded clients
   * ({@code streams.producer.acks} as much as {@code streams.acks}): the settings this service types
   * (bootstrap servers, application id, state dir, commit interval, threads, replication factor),
   * {@link #ENFORCED}, and the embedded clients' settings exactly-once rests on, which Kafka Streams
   * would otherwise override or ignore with no more than a warning.
   */
  public static final OverridePolicy OVERRIDES = OverridePolicy.forPrefix(STREAMS_PREFIX)
      .nestedClients(StreamsConfig.PRODUCER_PREFIX, StreamsConfig.CONSUMER_PREFIX, StreamsConfig.MAIN_CONSUMER_PREFIX,
          StreamsConfig.RESTORE_CONSUMER_PREFIX, StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX)
      .typed(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID)
      .typed(ConsumerConfig.GROUP_ID_CONFIG, APPLICATION_ID)
      .typed(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP_SERVERS)
      .typed(StreamsConfig.STATE_DIR_CONFIG, STATE_DIR)
      .typed(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS)
      .typed(StreamsConfig.NUM_STREAM_THREADS_CONFIG, NUM_STREAM_THREADS)
      .typed(StreamsConfig.REPLICATION_FACTOR_CONFIG, TOPIC_REPLICATION_FACTOR)
      .typed(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, RecoverySettings.STANDBY_REPLICAS)
      .typed(StreamsConfig.WINDOW_STORE_CHANGE_LOG_ADDITIONAL_RETENTION_MS_CONFIG,
          RecoverySettings.DEDUPE_CHANGELOG_EXTRA_RETENTION_MS)
      .fixed(ENFORCED, "the service's exactly-once processing and explicit naming rest on it")
      .fixed(ProducerConfig.ACKS_CONFIG, "all", "exactly-once writes need every in-sync replica")
      .fixed(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", "exactly-once writes are idempotent")
      .fixed(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "(per task, by Kafka Streams)", "exactly-once transactions")
      .fixed(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", "exactly-once reads committed data only")
      .fixed(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false", "offsets are committed in the output transaction")
      .fixed(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "ByteArraySerializer", "the topology sets its serdes")
      .fixed(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "ByteArraySerializer", "the topology sets its serdes")
      .fixed(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "ByteArrayDeserializer", "the topology sets its serdes")
      .fixed(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "ByteArrayDeserializer", "the topology sets its serdes")
      .build();

  public StreamsSettings {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(dedupeWindow, "dedupeWindow");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(experiments, "experiments");
    Objects.requireNonNull(recovery, "recovery");
    Objects.requireNonNull(storeMemory, "storeMemory");
    streamsOverrides = Map.copyOf(streamsOverrides);
    trackingPlan = Set.copyOf(trackingPlan);
    OVERRIDES.check(streamsOverrides);
  }

  /** Every key this service reads, with type, default, validator and documentation. */
  public static ConfigDef definition() {
    ConfigDef def = new ConfigDef();
    PipelineConfig.defineConnections(def);
    TopicNames.define(def, DATASETS);
    PipelineConfig.defineTopicCreation(def);
    AdminSettings.define(def, DEFAULT_ADMIN_PORT);
    ExperimentStreamsSettings.define(def);
    RecoverySettings.define(def);
    StoreMemorySettings.define(def);
    return def
        .define(APPLICATION_ID, Type.STRING, "tributary-transform", new ConfigDef.NonEmptyStringWithoutControlChars(),
            Importance.HIGH, "Kafka Streams application id: consumer group, prefix of internal topics and of the"
                + " state directory. Changing it restarts processing from the committed offsets of a new group.")
        .define(TOPIC_PROVISION_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
            "How long start-up waits for Kafka to list and create the topics.")
        .define(STATE_DIR, Type.STRING, Path.of(System.getProperty("java.io.tmpdir"), "tributary-streams").toString(),
            new ConfigDef.NonEmptyString(), Importance.MEDIUM,
            "Directory of the local state stores; use persistent storage in production to avoid restoring"
                + " from changelogs on restart.")
        .define(COMMIT_INTERVAL_MS, Type.LONG, 100L, Range.atLeast(1), Importance.MEDIUM,
            "Commit interval: with exactly-once, output is visible to read_committed consumers only after a"
                + " commit, so this bounds latency; lower it for latency, raise it for throughput.")
        .define(METRICS_GRACE_MS, Type.LONG, 120_000L, Range.atLeast(0), Importance.MEDIUM,
            "How long after a minute ends (in stream time: the latest event time the task has seen) late events"
                + " still count into metrics.minute. Then the minute's row becomes final, exactly once, and never"
                + " changes; later events of that minute go to metrics.too-late (the metrics_too_late table, shown"
                + " next to the final row in metrics_minute_v). Longer grace: fewer too-late events, later final rows.")
        .define(METRICS_PROVISIONAL_INTERVAL_MS, Type.LONG, 10_000L, Range.atLeast(1), Importance.LOW,
            "How much stream time passes between two provisional rows of a minute that keeps changing: every"
                + " changed minute is emitted when stream time enters a new interval. Lower for fresher live"
                + " dashboards, higher for fewer metrics.minute records (1 emits on nearly every event). Also how"
                + " often (wall clock) the minutes of imported history that changed are emitted to metrics.backfill.")
        .define(CLOCK_SKEW_TOLERANCE_MS, Type.LONG, 600_000L, Range.atLeast(0), Importance.MEDIUM,
            "A corrected event time further than this after received_at is replaced by received_at. Keep it"
                + " below the broker's log.message.timestamp.after.max.ms (1 h by default), which otherwise"
                + " rejects the repartition and metrics records.")
        .define(TRACKING_PLAN_EVENTS, Type.LIST, "", Importance.MEDIUM,
            "The tracking plan: the track event names that are clean, comma-separated. Any other track event is"
                + " dead-lettered (reason INVALID_FIELD, rule not_in_tracking_plan) with its payload, so after adding"
                + " the name here `bin/tributary dlq replay --reason INVALID_FIELD` lands it. Empty (the default)"
                + " accepts every name. Calls other than track (page, screen, identify, ...) are not checked.")
        .define(EVENT_NAME_MAX_LENGTH, Type.INT, EventContract.MAX_EVENT_NAME_LENGTH,
            Range.between(EventContract.MAX_EVENT_NAME_LENGTH, EventContract.MAX_STREAM_EVENT_NAME_LENGTH),
            Importance.LOW, "Longest accepted event name in characters; longer ones are dead-lettered as INVALID_FIELD"
                + " (rule max_length). At least the ingest service's limit, so that no name accepted at the door is"
                + " dead-lettered; higher for other sources of events.raw.")
        .define(DEDUPE_WINDOW_MS, Type.LONG, DEFAULT_DEDUPE_WINDOW.toMillis(), DEDUPE_WINDOW_RANGE, Importance.MEDIUM,
            "How long (in record time, i.e. ingest time, not wall-clock time) an emitted event id is remembered:"
                + " a copy with the same event_id within this window is dropped as a duplicate. Cover the time"
                + " between a request's first copy reaching Kafka and its client's last retry (a day, as Segment"
                + " keeps; an event a mobile client held offline counts from when it first arrived). Beyond it the"
                + " warehouse's ReplacingMergeTree collapses a late copy with the same name, day and received month"
                + " (events_v). The dedupe-store grows with it (up to 1.5 windows of ids, on disk) and its changelog"
                + " too (window + dedupe.changelog.extra.retention.ms + up to an hour), and a restart without local"
                + " state replays that changelog before it is RUNNING (some 30,000 records/s measured on one instance; a"
                + " 24 h window at 50,000 events/s is days of it: docs/PERFORMANCE.md, Restart cost; num.standby.replicas"
                + " avoids it on failover). Between 1 minute and 90 days.")
        .define(NUM_STREAM_THREADS, Type.INT, 1, Range.between(1, 64), Importance.MEDIUM,
            "Stream threads of this instance; more than the input partitions leaves threads idle.")
        .define(SESSIONS_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
            "Whether clean events are cut into sessions: each gets a session_id and session versions go to the"
                + " sessions topic. Off saves the sessions-store write per event; session_id is then null.")
        .define(SESSIONS_INACTIVITY_MS, Type.LONG, 1_800_000L, Range.atLeast(1), Importance.MEDIUM,
            "A gap of at least this long (event time) between two events of an identity ends its session.")
        .define(SESSIONS_MAX_DURATION_MS, Type.LONG, 86_400_000L, Range.atLeast(1), Importance.MEDIUM,
            "An event at least this long after its session's start starts a new session (sessions are shorter)."
                + " At least sessions.inactivity.ms.")
        .define(SESSIONS_GRACE_MS, Type.LONG, 600_000L, Range.atLeast(0), Importance.MEDIUM,
            "How far an event's time may lie behind stream time (the latest events.raw record time, i.e. ingest"
                + " time, the task has read) and still extend or merge the sessions it belongs to; an older event"
                + " gets a session of its own with status late. Cover the delivery delay of your clients (mobile"
                + " SDKs flush batches late). The sessions-store keeps about this long of events per identity.")
        .define(SESSIONS_CONVERSION_EVENTS, Type.LIST, "Order Completed", NAMES_SOMETHING, Importance.MEDIUM,
            "Event names (comma-separated) that mark a session as converted (sessions.converted).")
        .define(IDENTITY_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
            "Whether identify and alias calls build the person mapping (persons topic). Off removes the"
                + " single-partition identity-graph repartition.")
        .define(AUDIT_ENABLED, Type.BOOLEAN, true, Importance.LOW,
            "Whether this stage counts into the audit ledger (audit.counts; see docs/AUDIT.md). Off, the reconciliation"
                + " view has no accepted counts and every minute shows a negative gap: turn it off only to measure the"
                + " ledger's cost (bin/bench --streams-variants).");
  }

  /** The dedupe window's bounds, with the reason in the error. */
  private static final ConfigDef.Validator DEDUPE_WINDOW_RANGE = new ConfigDef.Validator() {
    @Override
    public void ensureValid(String name, Object value) {
      long ms = (Long) value;
      if (ms < DedupeRetention.MIN_WINDOW.toMillis() || ms > DedupeRetention.MAX_WINDOW.toMillis()) {
        throw new ConfigException(name, value, "must be between " + DedupeRetention.MIN_WINDOW.toMillis() + " (1 minute)"
            + " and " + DedupeRetention.MAX_WINDOW.toMillis() + " (90 days): a shorter window misses client retries,"
            + " a longer one makes the dedupe store and a restore of it grow without end; older copies are the"
            + " warehouse's to collapse");
      }
    }

    @Override
    public String toString() {
      return "[" + DedupeRetention.MIN_WINDOW.toMillis() + ",...," + DedupeRetention.MAX_WINDOW.toMillis() + "]";
    }
  };

  /** A list of event names with at least one entry and no blank one. */
  private static final ConfigDef.Validator NAMES_SOMETHING = new ConfigDef.Validator() {
    @Override
    public void ensureValid(String name, Object value) {
      List<?> names = (List<?>) value;
      if (names == null || names.isEmpty() || names.stream().anyMatch(n -> n.toString().isBlank())) {
        throw new ConfigException(name, value, "must name at least one event, and no blank name");
      }
    }

    @Override
    public String toString() {
      return "non-empty list of event names";
    }
  };

  /** Settings from the environment and explicit overrides (see {@link LayeredConfig}). */
  public static StreamsSettings load(Map<String, String> env, Map<String, String> overrides) {
    return from(resolve(env, overrides));
  }

  /**
   * The resolved, validated configuration (typed keys and pass-through keys), e.g. to log it; every
   * invalid key and forbidden override reported in one {@link org.apache.kafka.common.config.ConfigException}.
   */
  public static LayeredConfig resolve(Map<String, String> env, Map<String, String> overrides) {
    return LayeredConfig.load(definition(), env, overrides, OVERRIDES);
  }

  /** Settings from an already resolved configuration. */
  public static StreamsSettings from(LayeredConfig config) {
    AbstractConfig v = config.values();
    return new StreamsSettings(
        v.getString(APPLICATION_ID),
        v.getString(BOOTSTRAP_SERVERS),
        v.getString(SCHEMA_REGISTRY_URL),
        Duration.ofMillis(v.getLong(SCHEMA_REGISTRY_TIMEOUT_MS)),
        TopicNames.resolve(DATASETS, v::getString),
        v.getInt(TOPIC_PARTITIONS),
        v.getShort(TOPIC_REPLICATION_FACTOR),
        Duration.ofMillis(v.getLong(TOPIC_PROVISION_TIMEOUT_MS)),
        Path.of(v.getString(STATE_DIR)),
        Duration.ofMillis(v.getLong(COMMIT_INTERVAL_MS)),
        Duration.ofMillis(v.getLong(METRICS_GRACE_MS)),
        Duration.ofMillis(v.getLong(METRICS_PROVISIONAL_INTERVAL_MS)),
        Duration.ofMillis(v.getLong(CLOCK_SKEW_TOLERANCE_MS)),
        v.getInt(EVENT_NAME_MAX_LENGTH),
        Duration.ofMillis(v.getLong(DEDUPE_WINDOW_MS)),
        v.getInt(NUM_STREAM_THREADS),
        AdminSettings.from(v),
        config.withPrefix(STREAMS_PREFIX),
        Set.copyOf(v.getList(TRACKING_PLAN_EVENTS).stream().map(String::strip).filter(s -> !s.isEmpty()).toList()),
        v.getBoolean(SESSIONS_ENABLED) ? Optional.of(sessionRules(v)) : Optional.empty(),
        v.getBoolean(IDENTITY_ENABLED),
        v.getBoolean(AUDIT_ENABLED),
        ExperimentStreamsSettings.from(v),
        RecoverySettings.from(v),
        StoreMemorySettings.from(v));
  }

  private static SessionRules sessionRules(AbstractConfig v) {
    long inactivity = v.getLong(SESSIONS_INACTIVITY_MS);
    long max = v.getLong(SESSIONS_MAX_DURATION_MS);
    if (max < inactivity) {
      throw new ConfigException(SESSIONS_MAX_DURATION_MS, max, "must be at least " + SESSIONS_INACTIVITY_MS
          + " (" + inactivity + ")");
    }
    return new SessionRules(Duration.ofMillis(inactivity), Duration.ofMillis(max),
        Duration.ofMillis(v.getLong(SESSIONS_GRACE_MS)), Set.copyOf(v.getList(SESSIONS_CONVERSION_EVENTS)));
  }

  /**
   * The complete Kafka Streams configuration: this service's keys, then the {@code streams.*}
   * pass-through, then {@link #ENFORCED}.
   */
  public Map<String, Object> streamsConfig() {
    Map<String, Object> c = new HashMap<>();
    c.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    c.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    c.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    c.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, numStreamThreads);
    c.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) topicReplicationFactor);
    recovery.applyTo(c);
    storeMemory.applyTo(c);
    c.putAll(streamsOverrides);
    c.putAll(ENFORCED);
    return Map.copyOf(c);
  }

  /**
   * What the topology needs from these settings, without experiment definitions (exposures are not judged);
   * the service always drops retried event ids (dedupe).
   */
  public TopologySettings topologySettings() {
    return topologySettings(Optional::empty);
  }

  /** As {@link #topologySettings()}, judging exposures against the definitions in force, read from {@code definitions}. */
  public TopologySettings topologySettings(Supplier<Optional<Definitions>> definitions) {
    return new TopologySettings(metricsGrace, metricsProvisionalInterval, clockSkewTolerance, maxEventNameLength, true,
        dedupeWindow, streamsConfig(), trackingPlan, sessions, identityEnabled, auditEnabled,
        new ExperimentRules(definitions, MetricCatalogue.bundled().experimentMetrics(), experiments.attributionWindow(),
            ExperimentRules.DEFAULT_REPORT_INTERVAL, experiments.cupedLookback(), experiments.grace(),
            experiments.maxPreEvents(), experiments.expiryInterval()));
  }
}
