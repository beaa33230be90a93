package dev.tributary.bench.stage;

import dev.tributary.bench.app.BenchPlan;
import dev.tributary.bench.limit.ProducerPerfSummary;
import dev.tributary.bench.load.HttpLoad;
import dev.tributary.bench.stack.BenchStack;
import dev.tributary.localstack.process.ManagedProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/**
 * Stage 1: events/s the ingest service accepts over HTTP (answered only after Kafka acked them),
 * beside Kafka's own {@code ProducerPerformance} writing records of the same size (the Avro
 * RawEvent) to the same broker with {@code acks=all}: the most the broker takes from one client
 * JVM on this machine. Run one after the other so they do not compete.
 */
public final class IngestStage {

  public static final String TOPIC = "bench.ingest.raw";
  public static final String PERF_TOPIC = "bench.producer-perf";

  /**
   * @param topicRecords records in the raw topic afterwards (must equal {@code load.totalAccepted()})
   * @param recordSize the record size given to ProducerPerformance (mean Avro RawEvent size)
   */
  public record Result(HttpLoad.Result load, long topicRecords, int recordSize, ProducerPerfSummary limit) {}

  private IngestStage() {}

  public static Result run(BenchStack stack, BenchPlan plan, PrintStream out) {
    stack.createTopics(3, TOPIC, PERF_TOPIC);
    Services.Ingest ingest = Services.startIngest(stack, "ingest-stage", TOPIC, plan.profile());
    out.println("bench: [1/4 ingest] " + plan.connections() + " connections, batches of 100, "
        + plan.ingestWarmup().toSeconds() + " s warm-up + " + plan.ingestWindow().toSeconds() + " s measured ...");
    HttpLoad load = HttpLoad.start(new HttpLoad.Config(ingest.batchUrl(), Services.WRITE_KEY, plan.connections(), 100, 0,
        0, "", System.nanoTime()), plan.ingestWarmup(), plan.ingestWindow(), null);
    Poll.sleep(plan.ingestWarmup().plus(plan.ingestWindow()));
    HttpLoad.Result result = load.stop();
    stack.stop(ingest.process());
    long topicRecords;
    try (var admin = KafkaOps.admin(stack.bootstrapServers())) {
      topicRecords = KafkaOps.endOffsetSum(admin, TOPIC);
    }
    int recordSize = Services.meanRawEventBytes();
    out.println("bench: [1/4 ingest] limit: Kafka ProducerPerformance, " + plan.producerPerfRecords() + " x "
        + recordSize + " B, acks=all ...");
    ProducerPerfSummary limit = producerPerformance(stack, plan.producerPerfRecords(), recordSize);
    return new Result(result, topicRecords, recordSize, limit);
  }

  static ProducerPerfSummary producerPerformance(BenchStack stack, long records, int recordSize) {
    ManagedProcess perf = stack.startTool("producer-perf", List.of("org.apache.kafka.tools.ProducerPerformance",
        "--topic", PERF_TOPIC, "--num-records", Long.toString(records), "--record-size", Integer.toString(recordSize),
        "--throughput", "-1", "--producer-props", "acks=all", "bootstrap.servers=" + stack.bootstrapServers()));
    Services.awaitExit(perf, Duration.ofMinutes(10));
    try {
      String output = Files.readString(perf.logFile());
      return ProducerPerfSummary.parse(output).orElseThrow(() -> new IllegalStateException(
          "ProducerPerformance printed no summary; see " + perf.logFile() + ":\n" + perf.logTail(20)));
    } catch (IOException e) {
      throw new IllegalStateException("could not read " + perf.logFile(), e);
    } finally {
      stack.stop(perf);
    }
  }
}
