package dev.tributary.ingest.config;

import dev.tributary.common.catalogue.Dataset.Stage;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.common.config.OverridePolicy;
import dev.tributary.common.config.PipelineConfig;
import dev.tributary.common.config.WiringKeys;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The ingest service's typed settings, parsed once from {@link #definition()} at start-up so the
 * rest of the service never looks at raw strings. {@link #toString()} hides the write keys.
 * Producer settings pass through by prefix ({@code kafka.producer.*}) under {@link #OVERRIDES}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param producerOverrides extra Kafka producer settings from {@code kafka.producer.*} (prefix removed)
 * @param topicAudit the audit ledger's topic, where refusals are counted (see docs/AUDIT.md)
 */
public record IngestSettings(
    String httpHost,
    int httpPort,
    WriteKeys writeKeys,
    WebhookSources webhooks,
    Duration webhookTolerance,
    int maxEventBytes,
    int maxBatchBytes,
    Duration maxFuture,
    Duration maxPast,
    int maxInFlightEvents,
    long maxInFlightBytes,
    int maxDepth,
    double rateLimitEventsPerSecond,
    Duration readinessTimeout,
    Duration produceTimeout,
    String kafkaBootstrapServers,
    String schemaRegistryUrl,
    Duration schemaRegistryTimeout,
    String topicRaw,
    String topicExperimentChanges,
    ExperimentSettings experiments,
    int topicPartitions,
    short topicReplicationFactor,
    Map<String, Object> producerOverrides,
    String topicAudit) {

  public static final String HTTP_HOST = WiringKeys.HTTP_HOST;
  public static final String HTTP_PORT = WiringKeys.HTTP_PORT;
  public static final String WRITE_KEYS = WiringKeys.INGEST_WRITE_KEYS;
  public static final String WEBHOOK_SECRETS = "ingest.webhook.secrets";
  public static final String WEBHOOK_MAPPINGS = "ingest.webhook.mappings";
  public static final String WEBHOOK_TOLERANCE_MS = "ingest.webhook.tolerance.ms";
  public static final String MAX_EVENT_BYTES = "ingest.max.event.bytes";
  public static final String MAX_BATCH_BYTES = "ingest.max.batch.bytes";
  public static final String MAX_FUTURE_MS = "ingest.max.future.ms";
  public static final String MAX_PAST_MS = "ingest.max.past.ms";
  public static final String MAX_IN_FLIGHT_EVENTS = "ingest.max.in.flight.events";
  public static final String MAX_IN_FLIGHT_BYTES = "ingest.max.in.flight.bytes";
  public static final String MAX_DEPTH = "ingest.max.depth";
  public static final String RATE_LIMIT = "ingest.rate.limit.events.per.second";
  public static final String READINESS_TIMEOUT_MS = "ingest.readiness.timeout.ms";
  public static final String PRODUCE_TIMEOUT_MS = "ingest.produce.timeout.ms";
  public static final String KAFKA_BOOTSTRAP_SERVERS = PipelineConfig.BOOTSTRAP_SERVERS;
  public static final String SCHEMA_REGISTRY_URL = PipelineConfig.SCHEMA_REGISTRY_URL;
  public static final String SCHEMA_REGISTRY_TIMEOUT_MS = PipelineConfig.SCHEMA_REGISTRY_TIMEOUT_MS;
  public static final String TOPIC_RAW = Datasets.RAW.topic().configKey();
  public static final String TOPIC_EXPERIMENT_CHANGES = Datasets.EXPERIMENT_CHANGES.topic().configKey();
  public static final String TOPIC_AUDIT = Datasets.AUDIT.topic().configKey();
  public static final String TOPIC_PARTITIONS = PipelineConfig.TOPIC_PARTITIONS;
  public static final String TOPIC_REPLICATION_FACTOR = PipelineConfig.TOPIC_REPLICATION_FACTOR;
  /** Prefix of pass-through Kafka producer settings, e.g. {@code kafka.producer.batch.size}. */
  public static final String PRODUCER_PREFIX = "kafka.producer.";

  /**
   * What {@code kafka.producer.*} may not set: the connection and timeouts the typed keys set, and
   * the durability settings every 2xx answer rests on (an acknowledged event is stored, once).
   */
  public static final OverridePolicy OVERRIDES = OverridePolicy.forPrefix(PRODUCER_PREFIX)
      .typed(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA_BOOTSTRAP_SERVERS)
      .typed(ProducerConfig.MAX_BLOCK_MS_CONFIG, PRODUCE_TIMEOUT_MS)
      .typed(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, PRODUCE_TIMEOUT_MS)
      .fixed(ProducerConfig.ACKS_CONFIG, "all", "a 2xx answer promises the event is stored on every in-sync replica")
      .fixed(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", "producer retries must not duplicate an acknowledged event")
      .fixed(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "StringSerializer", "the key is the user identity as text")
      .fixed(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "AvroSerializer",
          "values are RawEvent Avro in the Confluent wire format, registered in the schema registry")
      .fixed(ProducerConfig.TRANSACTIONAL_ID_CONFIG, null, "the ingest producer is idempotent, not transactional")
      .build();

  public IngestSettings {
    producerOverrides = Map.copyOf(producerOverrides);
    OVERRIDES.check(producerOverrides);
  }

  /** Every key the service reads, with type, default, validator and documentation. */
  public static ConfigDef definition() {
    ConfigDef def = new ConfigDef()
        .define(HTTP_HOST, Type.STRING, "0.0.0.0", Importance.MEDIUM,
            "Interface the HTTP collector binds to.")
        .define(HTTP_PORT, Type.INT, 8080, Range.between(0, 65535), Importance.HIGH,
            "TCP port of the HTTP collector; 0 picks a free port (tests).")
        .define(WRITE_KEYS, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, WRITE_KEYS_VALIDATOR, Importance.HIGH,
            "Accepted write keys and their source names: key:source[,key:source...], e.g. demo-key:demo. "
                + "Clients send the key as 'Authorization: Bearer <key>' or as the HTTP Basic user name. Secret.")
        .define(WEBHOOK_SECRETS, Type.PASSWORD, "", WEBHOOK_SECRETS_VALIDATOR, Importance.MEDIUM,
            "Webhook sources and their signing secrets: source:secret[|older secret][,source:secret...], e.g. "
                + "stripe:whsec_abc,crm:s3cr3t. Each source gets POST /v1/webhooks/<source>, signed with "
                + "'Tributary-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">'; a signature "
                + "under any of a source's secrets is accepted (rotation). Source names: [a-z0-9][a-z0-9_-]*. "
                + "Empty: no webhook sources. Secret.")
        .define(WEBHOOK_MAPPINGS, Type.STRING, "", Importance.MEDIUM,
            "How each webhook source's JSON payload becomes an event: source.target=/json/pointer[,...], targets "
                + "event (default /type), event_id (default /id; empty: a hash of the body), user_id, anonymous_id "
                + "(neither: the source name is the anonymous id) and timestamp (ISO-8601 text or unix seconds; "
                + "default none: the receive time). E.g. stripe.user_id=/data/object/customer,stripe.timestamp=/created. "
                + "The whole payload becomes the event's properties; a mapped pointer the payload lacks is answered 400.")
        .define(WEBHOOK_TOLERANCE_MS, Type.LONG, Duration.ofMinutes(5).toMillis(), Range.atLeast(1_000), Importance.LOW,
            "How far a webhook signature's timestamp may lie from the server clock, either side; a delivery signed "
                + "earlier (a replay) or later is answered 401. Stripe's default is 5 minutes.")
        .define(MAX_EVENT_BYTES, Type.INT, 32_768, Range.atLeast(64), Importance.MEDIUM,
            "Largest accepted event, in bytes of its compact JSON; larger events are rejected with rule max_bytes "
                + "(413 on single-event routes, a per-item rejection in batches). Segment's limit is 32 KB.")
        .define(MAX_BATCH_BYTES, Type.INT, 512_000, Range.atLeast(1024), Importance.MEDIUM,
            "Largest accepted request body in bytes, compressed and (for a gzip body) decompressed; "
                + "larger bodies are answered 413. Segment's limit is 500 KB.")
        .define(MAX_FUTURE_MS, Type.LONG, Duration.ofDays(1).toMillis(), Range.atLeast(0), Importance.LOW,
            "How far ahead of the server clock an event's timestamp/sent_at may be before it is rejected.")
        .define(MAX_PAST_MS, Type.LONG, Duration.ofDays(365).toMillis(), Range.atLeast(0), Importance.LOW,
            "How far behind the server clock an event's timestamp/sent_at may be before it is rejected.")
        .define(MAX_IN_FLIGHT_EVENTS, Type.INT, 100_000, Range.atLeast(1), Importance.MEDIUM,
            "Events accepted but not yet acknowledged by Kafka; above this requests are answered 503 with "
                + "Retry-After instead of buffering without bound. Raise it for larger bursts if memory allows.")
        .define(MAX_IN_FLIGHT_BYTES, Type.LONG, 64L * 1024 * 1024, Range.atLeast(1024), Importance.MEDIUM,
            "Estimated bytes of events accepted but not yet acknowledged by Kafka; above this requests are "
                + "answered 503 with Retry-After. Bounds the memory a slow or absent broker can make the service hold.")
        .define(MAX_DEPTH, Type.INT, 32, Range.between(1, 62), Importance.LOW,
            "Deepest nesting of objects/arrays inside one event (the event object is level 1); deeper events are "
                + "rejected with rule max_depth.")
        .define(RATE_LIMIT, Type.DOUBLE, 20_000.0, Range.atLeast(0), Importance.MEDIUM,
            "Events per second each write key may send (token bucket, bursts of one second's worth); above it "
                + "requests are answered 429 with Retry-After. 0 turns the limit off.")
        .define(READINESS_TIMEOUT_MS, Type.INT, 2_000, Range.atLeast(100), Importance.LOW,
            "How long GET /readyz waits for Kafka and the schema registry to answer before reporting not ready.")
        .define(PRODUCE_TIMEOUT_MS, Type.INT, 10_000, Range.atLeast(500), Importance.MEDIUM,
            "Longest wait for Kafka to acknowledge a request's events; bounds the producer's max.block.ms, "
                + "delivery.timeout.ms and request.timeout.ms. After it the request is answered 503.");
    ExperimentSettings.define(def);
    PipelineConfig.defineConnections(def);
    TopicNames.define(def, Datasets.producedBy(Stage.INGEST));
    return PipelineConfig.defineTopicCreation(def);
  }

  /**
   * Settings from the environment and explicit overrides (see {@link LayeredConfig}), every invalid
   * key and forbidden override reported in one {@link ConfigException}.
   */
  public static IngestSettings load(Map<String, String> env, Map<String, String> overrides) {
    return from(resolve(env, overrides));
  }

  /** The resolved, validated configuration (typed keys and pass-through keys), e.g. to log it. */
  public static LayeredConfig resolve(Map<String, String> env, Map<String, String> overrides) {
    return LayeredConfig.load(definition(), env, overrides, OVERRIDES);
  }

  /** Builds the settings from a loaded configuration. */
  public static IngestSettings from(LayeredConfig config) {
    AbstractConfig v = config.values();
    return new IngestSettings(
        v.getString(HTTP_HOST),
        v.getInt(HTTP_PORT),
        WriteKeys.parse(v.getPassword(WRITE_KEYS).value()),
        webhooks(v),
        Duration.ofMillis(v.getLong(WEBHOOK_TOLERANCE_MS)),
        v.getInt(MAX_EVENT_BYTES),
        v.getInt(MAX_BATCH_BYTES),
        Duration.ofMillis(v.getLong(MAX_FUTURE_MS)),
        Duration.ofMillis(v.getLong(MAX_PAST_MS)),
        v.getInt(MAX_IN_FLIGHT_EVENTS),
        v.getLong(MAX_IN_FLIGHT_BYTES),
        v.getInt(MAX_DEPTH),
        v.getDouble(RATE_LIMIT),
        Duration.ofMillis(v.getInt(READINESS_TIMEOUT_MS)),
        Duration.ofMillis(v.getInt(PRODUCE_TIMEOUT_MS)),
        v.getString(KAFKA_BOOTSTRAP_SERVERS),
        v.getString(SCHEMA_REGISTRY_URL),
        Duration.ofMillis(v.getLong(SCHEMA_REGISTRY_TIMEOUT_MS)),
        v.getString(TOPIC_RAW),
        v.getString(TOPIC_EXPERIMENT_CHANGES),
        ExperimentSettings.from(v),
        v.getInt(TOPIC_PARTITIONS),
        v.getShort(TOPIC_REPLICATION_FACTOR),
        config.withPrefix(PRODUCER_PREFIX),
        v.getString(TOPIC_AUDIT));
  }

  private static WebhookSources webhooks(AbstractConfig v) {
    try {
      return WebhookSources.parse(v.getPassword(WEBHOOK_SECRETS).value(), v.getString(WEBHOOK_MAPPINGS));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(WEBHOOK_MAPPINGS + ": " + e.getMessage());
    }
  }

  /** Shows everything but secrets: write keys are hidden and producer overrides show their names only. */
  @Override
  public String toString() {
    return "IngestSettings[http=" + httpHost + ":" + httpPort + ", writeKeys=" + writeKeys
        + ", webhooks=" + webhooks + ", webhookTolerance=" + webhookTolerance
        + ", maxEventBytes=" + maxEventBytes + ", maxBatchBytes=" + maxBatchBytes
        + ", maxFuture=" + maxFuture + ", maxPast=" + maxPast + ", maxInFlightEvents=" + maxInFlightEvents
        + ", maxInFlightBytes=" + maxInFlightBytes + ", maxDepth=" + maxDepth
        + ", rateLimitEventsPerSecond=" + rateLimitEventsPerSecond + ", readinessTimeout=" + readinessTimeout
        + ", produceTimeout=" + produceTimeout + ", kafka=" + kafkaBootstrapServers
        + ", registry=" + schemaRegistryUrl + ", topicRaw=" + topicRaw
        + ", topicExperimentChanges=" + topicExperimentChanges + ", topicAudit=" + topicAudit + ", experiments=" + experiments + ", producerOverrides="
        + new TreeSet<>(producerOverrides.keySet()) + "]";
  }

  private static final ConfigDef.Validator WEBHOOK_SECRETS_VALIDATOR = new ConfigDef.Validator() {
    @Override
    public void ensureValid(String name, Object value) {
      if (value == null) {
        return;
      }
      try {
        WebhookSources.parse(((Password) value).value(), "");
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name + ": " + e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "source:secret[|older secret][,source:secret...]";
    }
  };

  private static final ConfigDef.Validator WRITE_KEYS_VALIDATOR = new ConfigDef.Validator() {
    @Override
    public void ensureValid(String name, Object value) {
      if (value == null) {
        return; // a missing value is reported as missing, not as malformed
      }
      try {
        WriteKeys.parse(((Password) value).value());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name + ": " + e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "key:source[,key:source...]";
    }
  };
}
