package dev.tributary.sink.clickhouse;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.Rollups;
import dev.tributary.common.catalogue.WarehouseTables;
import dev.tributary.warehouse.metrics.MetricCatalogue;
import dev.tributary.warehouse.metrics.MetricDefinitionsTable;
import dev.tributary.warehouse.schema.ClusterDdl;
import dev.tributary.warehouse.schema.SchemaEvolution;
import dev.tributary.warehouse.schema.ServerCapabilities;
import dev.tributary.warehouse.schema.Sql;
import dev.tributary.warehouse.schema.TableDdl;
import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ClientConfigProperties;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import dev.tributary.warehouse.schema.WarehouseShape;
import com.clickhouse.data.ClickHouseFormat;
import dev.tributary.sink.batching.Batch;
import dev.tributary.sink.batching.WarehouseException;
import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.sink.batching.WarehouseWriter;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link WarehouseWriter} over ClickHouse's HTTP interface with client-v2. A batch is sent as ONE
 * {@code INSERT ... FORMAT RowBinary} with an explicit column list into the table's fence relay
 * ({@link FenceDdl}): each row led by the epoch of the claim it is written under, checked by the
 * relay's view against the partition's highest claim before the table is written; since a batch is
 * one month (one partition) and fewer rows than {@code max_insert_block_size}, the server writes it
 * as one part, atomically. Each insert carries a query id derived from the batch's coordinates, so a
 * retry while an earlier attempt is still running is refused by the server (code 216) instead of
 * being written twice. On servers that support it ({@link ServerCapabilities}) the same id is also
 * the INSERT's {@code insert_deduplication_token}, so the server itself drops a retried batch that
 * had landed.
 *
 * <p>Built for 18.16 as well as current servers: response compression off (18.16 returns empty
 * bodies otherwise), formats named in the SQL, no query parameters (the few literals are escaped
 * by {@link Sql}). Failures are classified by {@link ClickHouseErrors}.
 *
 * <p>Thread-safe: inserts of different partitions run concurrently (the client pools connections);
 * the sink keeps at most one insert per Kafka partition in flight. One per sink.
 */
public final class ClickHouseWarehouseWriter implements ClickHouseNode {

  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseWarehouseWriter.class);

  private final Client client;
  private final String url;
  private final String database;
  private final Duration timeout;
  private final WarehouseShape shape;
  private final int insertQuorum;
  private final Map<WarehouseTable, List<String>> relayColumns = new HashMap<>();
  /** How often a claim looks again whether an earlier owner's INSERT still runs. */
  private static final long CLAIM_POLL_MS = 20;
  /** Null until learned: by {@link #createSchema()}, or by the first INSERT of a node that did not create it. */
  private volatile ServerCapabilities server;

  /**
   * @param url e.g. {@code http://localhost:8123}; credentials are given separately
   * @param timeout connect, socket and whole-request timeout of each call
   */
  public ClickHouseWarehouseWriter(String url, String user, String password, String database, Duration timeout) {
    this(url, user, password, database, timeout, new WarehouseShape.SingleNode(), 0);
  }

  /**
   * A writer for one node of {@code shape}. In a cluster it inserts into, and resumes from, the node's
   * local replicated tables ({@link WarehouseShape#storageTable}): every INSERT waits until
   * {@code insertQuorum} replicas of the shard hold the part ({@code insert_quorum}), and the resume
   * query reads with {@code select_sequential_consistency=1}, which refuses to answer from a replica
   * that lacks a part written with quorum, so a lagging replica can never make the sink resume too early.
   *
   * @param insertQuorum replicas that must hold each inserted part; 0 for a single node
   */
  public ClickHouseWarehouseWriter(String url, String user, String password, String database, Duration timeout,
      WarehouseShape shape, int insertQuorum) {
    this.url = Objects.requireNonNull(url, "url");
    this.shape = Objects.requireNonNull(shape, "shape");
    this.insertQuorum = insertQuorum;
    this.database = Objects.requireNonNull(database, "database");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    URI.create(url); // fail fast on a malformed URL
    this.client = new Client.Builder()
        .addEndpoint(url)
        .setUsername(user)
        .setPassword(password == null ? "" : password)
        .compressServerResponse(false)
        .compressClientRequest(false)
        .setMaxRetries(0)
        .setConnectTimeout(timeout.toMillis(), ChronoUnit.MILLIS)
        .setSocketTimeout(timeout.toMillis(), ChronoUnit.MILLIS)
        .setClientName("tributary-warehouse-sink")
        .build();
    for (WarehouseTable table : Datasets.tables()) {
      relayColumns.put(table, FenceDdl.relayColumns(table));
    }
  }

  /**
   * Creates the database, tables and views when absent, then evolves existing tables: missing
   * nullable columns are added (see {@link SchemaEvolution}; extra columns are fine: a newer version
   * may have added them) and every view whose stored definition differs from this version's is
   * created again ({@link ViewSynchroniser}).
   *
   * @throws WarehouseException retriable when ClickHouse cannot be reached, fatal when a table
   *     exists with an incompatible shape (a column of another type, or a missing non-nullable one)
   */
  public void createSchema() {
    server = ServerCapabilities.of(query("SELECT version() FORMAT TabSeparated"));
    LOG.info("ClickHouse {} at {}: server-side insert deduplication {}", server.version(), url,
        server.insertDeduplicationToken() ? "on (insert_deduplication_token)" : "not available; the resume query alone decides");
    for (String statement : TableDdl.tableStatements(database, server, shape)) {
      execute(statement);
    }
    evolveColumns();
    // after the columns: a relay's view selects the table's columns as this version writes them
    for (String statement : FenceDdl.statements(database, Datasets.tables(), shape)) {
      execute(statement);
    }
    // views last: one naming a column added just now cannot be created over the table's old shape
    for (String statement : TableDdl.rollupStatements(database, shape)) {
      execute(statement);
    }
    new ViewSynchroniser(this, database, shape).synchronise();
    if (shape instanceof WarehouseShape.SingleNode) {
      // a cluster warehouse was born with the rollups (and its Distributed tables take no INSERT)
      fillRollupsOfAnOlderWarehouse();
    }
    loadMetricCatalogue();
  }

  /**
   * A warehouse created before a rollup ({@link Rollups}) has minutes its materialized views never
   * saw: feed them once. Safe if several sinks do it at once, or while rows arrive (states are sets).
   */
  private void fillRollupsOfAnOlderWarehouse() {
    for (Map.Entry<String, List<String>> rollup : Rollups.refillEverything().entrySet()) {
      if (count(rollup.getKey()) == 0 && count(WarehouseTables.METRICS_MINUTE.name()) > 0) {
        LOG.info("Filling {}.{} from the minutes already in the warehouse (once, after an upgrade)", database,
            rollup.getKey());
        for (String statement : rollup.getValue()) {
          execute(TableDdl.withDatabase(statement, database));
        }
      }
    }
  }

  private long count(String table) {
    return Long.parseLong(query("SELECT count() FROM " + Sql.qualified(database, table) + " FORMAT TabSeparated").strip());
  }

  /**
   * Appends the metrics catalogue this version ships with to {@code metric_definitions} (one INSERT),
   * so the definitions in force are one query away from the numbers ({@link MetricDefinitionsTable}).
   */
  private void loadMetricCatalogue() {
    MetricCatalogue catalogue = MetricCatalogue.bundled();
    for (String statement : MetricDefinitionsTable.ddl(database, shape)) {
      execute(statement);
    }
    execute(MetricDefinitionsTable.insert(database, catalogue, Instant.now()));
    LOG.info("Loaded the metrics catalogue (version {}, {} metrics) into {}.{}", catalogue.version(),
        catalogue.metrics().size(), database, MetricDefinitionsTable.TABLE);
  }

  @Override
  @SuppressWarnings("try")
  public void insert(Batch batch, long epoch) {
    WarehouseTable table = batch.table();
    boolean fenced = FenceDdl.fenced(table);
    byte[] body = batch.rows().withRowPrefix(fenced ? littleEndian(epoch) : new byte[0]);
    InsertSettings settings = new InsertSettings().setQueryId(queryId(batch));
    ServerCapabilities capabilities = server();
    if (capabilities.insertDeduplicationToken()) {
      settings.setDeduplicationToken(queryId(batch));
      // the token reaches the table through the relay's view only with this (current servers)
      settings.setOption(ClientConfigProperties.SERVER_SETTING_PREFIX + "deduplicate_blocks_in_dependent_materialized_views", "1");
    }
    if (insertQuorum > 1) {
      quorumSettings(insertQuorum).forEach(settings::serverSetting);
      if (capabilities.insertQuorumParallel()) {
        // sequential consistency holds only for quorum inserts written one after another
        settings.serverSetting("insert_quorum_parallel", "0");
      }
    }
    try (InsertResponse ignored = client.insert(Sql.qualified(database, fenced ? FenceDdl.relay(table)
        : shape.storageTable(table.name())), fenced ? relayColumns.get(table) : quotedColumns(table),
        new ByteArrayInputStream(body), ClickHouseFormat.RowBinary, settings)
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      LOG.debug("Inserted {} under epoch {} ({} bytes)", batch.describe(), epoch, body.length);
    } catch (Exception e) {
      throw failure("INSERT of " + batch.describe() + " into " + database + "." + table.name()
          + " under epoch " + epoch, e);
    }
  }

  /**
   * Feeds the rollups again from the batch's rows ({@link Rollups#refillRowsOf}), on this node's tables (a
   * shard's local ones in a cluster, whose rollups are per shard); nothing for a table no rollup reads.
   */
  @Override
  public void refillDerivedOf(Batch batch) {
    List<String> refills = Rollups.refillRowsOf(batch.table().name(), batch.source().topic(),
        batch.source().partition(), batch.firstOffset(), batch.lastOffset());
    for (String refill : refills) {
      execute(shape instanceof WarehouseShape.Cluster cluster ? ClusterDdl.onShard(refill, database, cluster)
          : TableDdl.withDatabase(refill, database));
    }
    if (!refills.isEmpty()) {
      LOG.info("Refilled the rollups from {} at {} after a failed attempt ({} statements)", batch.describe(), url,
          refills.size());
    }
  }

  /**
   * Records the claim, then waits until no INSERT of the partition runs in the server: one that
   * started before the claim may have passed the fence check already and must be visible to the
   * resume lookup that follows; one that starts later is refused by the relay's view. One server only:
   * in a cluster, {@code ShardRoutingWarehouseWriter} claims through the shard's replicas with the three
   * steps below.
   */
  @Override
  public long claim(WarehouseTable table, String topic, int partition, long epoch) {
    if (!(shape instanceof WarehouseShape.SingleNode)) {
      throw new IllegalStateException("a claim in a cluster involves every replica of the shard: claim through"
          + " ShardRoutingWarehouseWriter, not through the writer of node " + url);
    }
    recordClaim(topic, partition, epoch, 1);
    awaitNoRunningInserts(table, topic, partition);
    return highestClaim(topic, partition);
  }

  @Override
  public void recordClaim(String topic, int partition, long epoch, int quorum) {
    String sql = FenceDdl.claim(database, topic, partition, epoch);
    if (quorum > 1) {
      query(sql, quorumSettings(quorum));
    } else {
      execute(sql);
    }
  }

  /** The settings of an INSERT acknowledged once {@code replicas} replicas of the shard hold it, within the timeout. */
  private Map<String, String> quorumSettings(int replicas) {
    return Map.of("insert_quorum", Integer.toString(replicas), "insert_quorum_timeout", Long.toString(timeout.toMillis()));
  }

  @Override
  public void awaitNoRunningInserts(WarehouseTable table, String topic, int partition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!"0".equals(query(FenceDdl.runningInserts(table, topic, partition)).strip())) {
      if (System.nanoTime() > deadline) {
        throw new WarehouseException("an earlier INSERT of " + topic + "-" + partition + " into " + database + "."
            + table.name() + " still runs in ClickHouse at " + url + " after " + timeout.toMillis()
            + " ms; claiming again later", true, null);
      }
      try {
        Thread.sleep(CLAIM_POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WarehouseException("interrupted while claiming " + topic + "-" + partition, true, e);
      }
    }
  }

  @Override
  public long highestClaim(String topic, int partition) {
    return Long.parseLong(query(FenceDdl.highestClaim(database, topic, partition)).strip());
  }

  private static List<String> quotedColumns(WarehouseTable table) {
    return table.columns().stream().map(c -> Sql.identifier(c.name())).toList();
  }

  private static byte[] littleEndian(long v) {
    byte[] b = new byte[Long.BYTES];
    for (int i = 0; i < Long.BYTES; i++) {
      b[i] = (byte) (v >>> (8 * i));
    }
    return b;
  }

  @Override
  public OptionalLong nextOffset(WarehouseTable table, String topic, int partition) {
    String sql = "SELECT max(" + WarehouseTable.OFFSET_COLUMN + ") + 1, count() FROM "
        + Sql.qualified(database, shape.storageTable(table.name())) + " WHERE " + WarehouseTable.TOPIC_COLUMN + " = "
        + Sql.literal(topic) + " AND " + WarehouseTable.PARTITION_COLUMN + " = " + partition
        + " FORMAT TabSeparated";
    String[] fields = query(sql, insertQuorum > 1 ? Map.of("select_sequential_consistency", "1") : Map.of())
        .strip().split("\t");
    if (fields.length != 2) {
      throw new WarehouseException("Unexpected answer to " + sql + ": " + String.join("|", fields), false, null);
    }
    // max() of no rows is 0, not NULL: the count tells "empty" apart from "offset 0 loaded"
    return Long.parseLong(fields[1]) == 0 ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(fields[0]));
  }

  /**
   * What the server supports, as learned by {@link #createSchema()} or else asked now. In a cluster only
   * the node that ran the {@code ON CLUSTER} DDL created the schema; each other node learns its own server
   * at its first INSERT, so that one of a current version gets {@code insert_quorum_parallel=0} too.
   */
  public ServerCapabilities server() {
    ServerCapabilities known = server;
    if (known == null) {
      known = ServerCapabilities.of(query("SELECT version() FORMAT TabSeparated"));
      server = known;
    }
    return known;
  }

  @Override
  public String describe() {
    return url;
  }

  /** Runs a statement that returns no rows. */
  @SuppressWarnings("try")
  public void execute(String sql) {
    try (var ignored = client.execute(sql).get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      LOG.debug("Executed {}", sql);
    } catch (Exception e) {
      throw failure(sql, e);
    }
  }

  /** Runs a query whose SQL names its FORMAT and returns the body as text. */
  public String query(String sql) {
    return query(sql, Map.of());
  }

  @SuppressWarnings("try")
  private String query(String sql, Map<String, String> serverSettings) {
    QuerySettings settings = new QuerySettings();
    serverSettings.forEach(settings::serverSetting);
    try (QueryResponse response = client.query(sql, settings).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
         InputStream in = response.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (Exception e) {
      throw failure(sql, e);
    }
  }

  @Override
  public void close() {
    client.close();
  }

  /**
   * Brings existing tables to the shape this version writes ({@link SchemaEvolution}): adds missing
   * nullable columns and stops (fatal) on a column of another type or a missing column that cannot be
   * added.
   */
  private void evolveColumns() {
    SchemaEvolution.Plan plan = SchemaEvolution.plan(existingColumns());
    if (plan instanceof SchemaEvolution.Incompatible incompatible) {
      throw new WarehouseException("Tables in ClickHouse database " + database + " at " + url
          + " do not match what the sink writes; migrate or drop them: "
          + String.join("; ", incompatible.problems()), false, null);
    }
    SchemaEvolution.Evolve evolve = (SchemaEvolution.Evolve) plan;
    for (SchemaEvolution.AddColumn addition : evolve.additions()) {
      addColumn(addition);
    }
  }

  private void addColumn(SchemaEvolution.AddColumn addition) {
    try {
      TableDdl.addColumn(addition, database, shape).forEach(this::execute);
      LOG.info("Added column {} to ClickHouse database {} at {}; rows written before read NULL there",
          addition.describe(), database, url);
    } catch (WarehouseException e) {
      // another sink instance may have added it between our read of system.columns and the ALTER
      String type = existingColumns().getOrDefault(addition.table().name(), Map.of())
          .get(addition.column().name());
      if (!SchemaEvolution.hasExpectedType(addition.column(), type)) {
        throw e;
      }
      LOG.info("Column {} in ClickHouse database {} at {} was added meanwhile by another sink instance",
          addition.describe(), database, url);
    }
  }

  /** Table name → column name → type, as {@code system.columns} reports them. */
  private Map<String, Map<String, String>> existingColumns() {
    List<String> names = new ArrayList<>();
    for (WarehouseTable t : Datasets.tables()) {
      names.add(t.name());
    }
    String tsv = query("SELECT table, name, type FROM system.columns WHERE database = "
        + Sql.literal(database) + " AND table IN ("
        + names.stream().map(Sql::literal).collect(Collectors.joining(", ")) + ") FORMAT TabSeparated");
    Map<String, Map<String, String>> columns = new HashMap<>();
    for (String line : tsv.split("\n")) {
      if (!line.isEmpty()) {
        String[] f = line.split("\t", -1);
        columns.computeIfAbsent(unescapeTsv(f[0]), t -> new HashMap<>()).put(unescapeTsv(f[1]), unescapeTsv(f[2]));
      }
    }
    return columns;
  }

  private WarehouseException failure(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    ClickHouseErrors.Verdict verdict = ClickHouseErrors.classify(cause);
    if (verdict instanceof ClickHouseErrors.Fenced) {
      return WarehouseException.fenced("ClickHouse at " + url + " refused " + abbreviate(what) + ": "
          + verdict.reason(), cause);
    }
    boolean retriable = verdict instanceof ClickHouseErrors.Retriable
        || e instanceof InterruptedException || e instanceof TimeoutException;
    return new WarehouseException("ClickHouse at " + url + " failed " + abbreviate(what) + ": "
        + verdict.reason(), retriable, cause);
  }

  static String queryId(Batch batch) {
    return queryIdPrefix(batch.table(), batch.source().topic(), batch.source().partition())
        + batch.firstOffset() + "-" + batch.lastOffset();
  }

  /** What the query id of every INSERT of one partition starts with. */
  static String queryIdPrefix(WarehouseTable table, String topic, int partition) {
    return "tributary-sink:" + table.name() + ":" + topic + ":" + partition + ":";
  }

  static String unescapeTsv(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        sb.append(switch (n) {
          case 'n' -> '\n';
          case 't' -> '\t';
          case 'r' -> '\r';
          case '0' -> '\0';
          case 'b' -> '\b';
          case 'f' -> '\f';
          default -> n;
        });
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String abbreviate(String sql) {
    return sql.length() > 300 ? sql.substring(0, 300) + "..." : sql;
  }
}
