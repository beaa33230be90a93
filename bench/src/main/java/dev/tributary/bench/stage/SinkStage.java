package dev.tributary.bench.stage;

import dev.tributary.common.catalogue.WarehouseTables;
import dev.tributary.bench.app.BenchPlan;
import dev.tributary.bench.limit.ClickHouseClientInsert;
import dev.tributary.bench.limit.JsonEachRow;
import dev.tributary.bench.stack.BenchStack;
import dev.tributary.localstack.component.ClickHouseHttp;
import dev.tributary.localstack.component.ClickHouseHttpException;
import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.common.catalogue.Column;
import dev.tributary.sink.batching.Row;
import dev.tributary.sink.batching.RowBinaryWriter;
import dev.tributary.sink.batching.Rows;
import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.warehouse.schema.TableDdl;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Stage 3: rows/s the warehouse sink loads into ClickHouse from a pre-filled topic of N CleanEvents,
 * beside (a) the limit — clickhouse-client inserting the same N rows from a JSONEachRow file and from
 * a RowBinary file into the same table shape — and (b) the peer — ClickHouse's Kafka table engine +
 * materialized view loading the same N rows from a JSONEachRow topic on the same server. All rows
 * are generated once; each loader is timed alone, one after the other.
 */
public final class SinkStage {

  static final String DB_SINK = "bench_sink";
  static final String DB_JSON = "bench_limit_json";
  static final String DB_ROWBINARY = "bench_limit_rowbinary";
  static final String DB_PEER = "bench_peer";
  /** The smallest block the Kafka engine uses when its table sets none (max_block_size's default). */
  private static final int ENGINE_BLOCK_ROWS = 65_536;

  /** One loader's outcome: rows counted in its table afterwards and the measured rate. */
  public record Load(String name, long rows, double rate, double seconds) {}

  public record Result(long produced, Load sink, Load jsonEachRow, Load rowBinary, Load kafkaEngine) {}

  private SinkStage() {}

  public static Result run(BenchStack stack, BenchPlan plan, PrintStream out) {
    Services.Topics topics = Services.Topics.prefixed("bench.sink");
    String jsonTopic = "bench.sink.json";
    stack.createTopics(3, topics.all());
    stack.createTopics(3, jsonTopic);
    int n = plan.sinkEvents();
    Path jsonFile = stack.stateDir().resolve("sink-rows.jsonl");
    Path rowBinaryFile = stack.stateDir().resolve("sink-rows.rowbinary");
    out.println("bench: [3/4 sink] generating " + n + " CleanEvents: Avro topic, JSON topic, JSONEachRow and RowBinary files ...");
    writeInputs(stack, topics.clean(), jsonTopic, n, jsonFile, rowBinaryFile);
    ClickHouseHttp ch = stack.clickhouse();
    Duration timeout = Duration.ofMinutes(15);

    out.println("bench: [3/4 sink] warehouse-sink loading " + n + " rows ...");
    ManagedProcess sink = Services.startSink(stack, "sink-stage", DB_SINK, "bench-sink", topics, plan.profile());
    Load ours;
    try {
      Poll.Climb c = Poll.climb(() -> {
        if (!sink.isAlive()) {
          throw new IllegalStateException("warehouse-sink exited; see " + sink.logFile() + ":\n" + sink.logTail(20));
        }
        return count(ch, DB_SINK);
      }, n, Duration.ofMillis(100), timeout);
      ours = new Load("warehouse-sink", count(ch, DB_SINK), c.rate(), c.seconds());
    } finally {
      stack.stop(sink);
    }

    out.println("bench: [3/4 sink] limit: clickhouse-client INSERT of the same rows (JSONEachRow, RowBinary) ...");
    Load json = clientInsert(stack, ch, DB_JSON, "JSONEachRow", jsonFile, n);
    Load rowBinary = clientInsert(stack, ch, DB_ROWBINARY, "RowBinary", rowBinaryFile, n);

    out.println("bench: [3/4 sink] peer: ClickHouse Kafka engine + materialized view from " + jsonTopic + " ...");
    Load peer = kafkaEngine(stack, ch, jsonTopic, n, timeout);
    return new Result(n, ours, json, rowBinary, peer);
  }

  private static void writeInputs(BenchStack stack, String cleanTopic, String jsonTopic, int n, Path jsonFile,
      Path rowBinaryFile) {
    List<Column> columns = WarehouseTables.EVENTS.columns();
    List<Row> pending = new ArrayList<>(1000);
    long[] seq = {0};
    try (Writer json = new BufferedWriter(Files.newBufferedWriter(jsonFile, StandardCharsets.UTF_8), 1 << 20);
        OutputStream binary = new BufferedOutputStream(Files.newOutputStream(rowBinaryFile), 1 << 20);
        KafkaProducer<String, byte[]> jsonProducer = KafkaOps.bulkProducer(stack.bootstrapServers())) {
      Fill.clean(stack.bootstrapServers(), stack.registryUrl(), cleanTopic, n, System.nanoTime(), clean -> {
        long i = seq[0]++;
        // the coordinates the sink would store; the references get the same values
        Row row = Rows.of(clean, cleanTopic, (int) (i % 3), i / 3);
        String line = JsonEachRow.line(columns, row.values());
        try {
          json.write(line);
          json.write('\n');
          pending.add(row);
          if (pending.size() == 1000) {
            writeRowBinary(binary, columns, pending);
            pending.clear();
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        jsonProducer.send(new ProducerRecord<>(jsonTopic, clean.getEventId().toString(),
            line.getBytes(StandardCharsets.UTF_8)));
      });
      if (!pending.isEmpty()) {
        writeRowBinary(binary, columns, pending);
      }
      jsonProducer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the reference files in " + jsonFile.getParent(), e);
    }
  }

  /** Appends {@code rows} to {@code out} in RowBinary, the format the sink sends. */
  private static void writeRowBinary(OutputStream out, List<Column> columns, List<Row> rows) throws IOException {
    RowBinaryWriter writer = new RowBinaryWriter(rows.size() * 128);
    for (Row row : rows) {
      writer.append(columns, row);
    }
    out.write(writer.array(), 0, writer.length());
  }

  private static Load clientInsert(BenchStack stack, ClickHouseHttp ch, String db, String format, Path file, int n) {
    createEventsTable(ch, db);
    ClickHouseClientInsert.Timing t = ClickHouseClientInsert.insert(stack.clickhouseTcpPort(), db + ".events", format,
        file, stack.logFile("clickhouse-client"));
    return new Load("clickhouse-client " + format, count(ch, db), n / t.seconds(), t.seconds());
  }

  private static Load kafkaEngine(BenchStack stack, ClickHouseHttp ch, String topic, int n, Duration timeout) {
    String group = "bench-peer";
    createEventsTable(ch, DB_PEER);
    try (Admin admin = KafkaOps.admin(stack.bootstrapServers())) {
      // a new Kafka-engine group starts at the latest offset: commit the beginning for it first
      KafkaOps.resetGroupToEarliest(admin, group, topic);
    }
    String columns = WarehouseTables.EVENTS.columns().stream()
        .map(c -> "`" + c.name() + "` " + c.type().sql())
        .collect(Collectors.joining(", "));
    ch.execute("CREATE TABLE " + DB_PEER + ".queue (" + columns + ") ENGINE = Kafka SETTINGS"
        + " kafka_broker_list = '" + stack.bootstrapServers() + "', kafka_topic_list = '" + topic + "',"
        + " kafka_group_name = '" + group + "', kafka_format = 'JSONEachRow', kafka_num_consumers = 1"
        + (n < ENGINE_BLOCK_ROWS ? ", kafka_max_block_size = " + n : ""));
    // the engine flushes a block when it is full or stream_flush_interval_ms (7.5 s) passed: a run smaller than
    // the default block (the smoke test's) gets a block of its own size, so it ends when its rows are in, not when
    // the timer fires; larger runs keep the server's default; the clock starts when its consumer does
    long start = System.nanoTime();
    ch.execute("CREATE MATERIALIZED VIEW " + DB_PEER + ".consumer TO " + DB_PEER + ".events AS SELECT * FROM "
        + DB_PEER + ".queue");
    try {
      double seconds = Poll.until(() -> count(ch, DB_PEER), n, start, Duration.ofMillis(100), timeout);
      return new Load("Kafka engine + MV", count(ch, DB_PEER), n / seconds, seconds);
    } finally {
      ch.execute("DROP TABLE IF EXISTS " + DB_PEER + ".consumer");
      ch.execute("DROP TABLE IF EXISTS " + DB_PEER + ".queue");
    }
  }

  private static void createEventsTable(ClickHouseHttp ch, String db) {
    ch.execute("CREATE DATABASE IF NOT EXISTS " + db);
    ch.execute(TableDdl.createTable(db, WarehouseTables.EVENTS));
  }

  /** Rows in {@code db.events}; 0 while the table does not exist yet (the sink creates it at start). */
  static long count(ClickHouseHttp ch, String db) {
    try {
      return Long.parseLong(ch.query("SELECT count() FROM " + db + ".events").trim());
    } catch (ClickHouseHttpException e) {
      return 0;
    }
  }
}
