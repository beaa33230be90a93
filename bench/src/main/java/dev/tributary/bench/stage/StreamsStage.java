package dev.tributary.bench.stage;

import dev.tributary.bench.app.BenchPlan;
import dev.tributary.bench.stack.BenchStack;
import dev.tributary.localstack.process.ManagedProcess;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * Stage 2: events/s through the transform topology (raw → clean + dead letters + minute metrics,
 * exactly-once) from a pre-filled raw topic. Progress is the application's committed input offsets:
 * under exactly-once they are committed in the same transaction as the output, so "committed input
 * = N" means all N events' output is visible to read_committed readers. The clock starts at the
 * first committed progress (start-up and rebalance excluded).
 */
public final class StreamsStage {

  /**
   * @param rate committed input events per second
   * @param clean records in the clean topic afterwards (read_committed)
   * @param deadLetters records in the dead-letter topic afterwards
   */
  public record Result(long input, double rate, double seconds, long clean, long deadLetters, boolean completed) {}

  private StreamsStage() {}

  public static Result run(BenchStack stack, BenchPlan plan, PrintStream out) {
    return run(stack, plan, out, "streams", Map.of());
  }

  /**
   * The stage on topics and an application id of its own named by {@code label} (so runs on one
   * stack do not share data), with {@code settings} added to the service's (e.g. the ledger off).
   */
  public static Result run(BenchStack stack, BenchPlan plan, PrintStream out, String label,
      Map<String, String> settings) {
    Services.Topics topics = Services.Topics.prefixed("bench." + label);
    stack.createTopics(3, topics.all());
    int n = plan.streamsEvents();
    String tag = "bench: [" + label + "] ";
    out.println(tag + "pre-filling " + topics.raw() + " with " + n + " RawEvents ...");
    Fill.raw(stack.bootstrapServers(), stack.registryUrl(), topics.raw(), n, System.nanoTime());
    String appId = "bench-" + label;
    out.println(tag + "starting transform-streams " + settings + " and waiting for " + n + " committed events ...");
    ManagedProcess streams = Services.startStreams(stack, label + "-stage", appId, topics, plan.profile(), settings);
    Poll.Climb climb;
    try (Admin admin = KafkaOps.admin(stack.bootstrapServers())) {
      climb = Poll.climb(() -> {
        if (!streams.isAlive()) {
          throw new IllegalStateException("transform-streams exited; see " + streams.logFile() + ":\n" + streams.logTail(20));
        }
        return KafkaOps.committedSum(admin, appId, topics.raw());
      }, n, Duration.ofMillis(200), Duration.ofMinutes(15));
    } finally {
      stack.stop(streams);
    }
    long clean = KafkaOps.countCommitted(stack.bootstrapServers(), topics.clean());
    long dlq = KafkaOps.countCommitted(stack.bootstrapServers(), topics.dlq());
    return new Result(n, climb.rate(), climb.seconds(), clean, dlq, climb.reached());
  }
}
