package dev.tributary.common.config;

/**
 * The configuration keys a launcher sets to wire one service into a stack — where it listens, which
 * write keys it accepts, which warehouse it loads, its consumer group, application id and state
 * directory — defined once so the services' {@code ConfigDef}s and every launcher (the local stack,
 * the bench, the crash test) name the same key. The connection and topic keys every service shares
 * are in {@link PipelineConfig}.
 *
 * <p>Constants only; thread-safe.
 */
public final class WiringKeys {

  /** Ingest: interface the HTTP collector binds to. */
  public static final String HTTP_HOST = "http.host";
  /** Ingest: TCP port of the HTTP collector. */
  public static final String HTTP_PORT = "http.port";
  /** Ingest: accepted write keys, {@code key:source[,key:source...]}. */
  public static final String INGEST_WRITE_KEYS = "ingest.write.keys";
  /** Streams: the Kafka Streams application id (consumer group and internal topic prefix). */
  public static final String STREAMS_APPLICATION_ID = "application.id";
  /** Streams: directory of the local state stores. */
  public static final String STREAMS_STATE_DIR = "state.dir";
  /** Sink: consumer group of the sink instances. */
  public static final String SINK_GROUP_ID = "sink.group.id";
  /** Sink: ClickHouse HTTP URL. */
  public static final String CLICKHOUSE_URL = "clickhouse.url";
  /** Sink: ClickHouse database of the tables. */
  public static final String CLICKHOUSE_DATABASE = "clickhouse.database";

  /** Streams and sink: interface of the admin endpoints ({@code /healthz}, {@code /readyz}, {@code /metrics}). */
  public static final String ADMIN_HOST = "admin.host";
  /** Streams and sink: TCP port of the admin endpoints; a launcher sets it so it can probe {@code /readyz}. */
  public static final String ADMIN_PORT = "admin.port";

  private WiringKeys() {}

  /** Ingest and streams: the experiment definitions file (the local stack points it at the example experiments). */
  public static final String EXPERIMENTS_DEFINITIONS_FILE = "experiments.definitions.file";
  /** Streams: the event names that mark a session converted (the local stack's demo converts on {@code purchase}). */
  public static final String SESSIONS_CONVERSION_EVENTS = "sessions.conversion.events";
}
