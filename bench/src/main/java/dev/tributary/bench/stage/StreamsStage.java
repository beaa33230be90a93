package dev.tributary.bench.stage;

import dev.tributary.bench.app.BenchPlan;
import dev.tributary.bench.stack.BenchStack;
import dev.tributary.localstack.process.ManagedProcess;
import java.io.PrintStream;
import java.time.Duration;
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
    Services.Topics topics = Services.Topics.prefixed("bench.streams");
    stack.createTopics(3, topics.all());
    int n = plan.streamsEvents();
    out.println("bench: [2/4 streams] pre-filling " + topics.raw() + " with " + n + " RawEvents ...");
    Fill.raw(stack.bootstrapServers(), stack.registryUrl(), topics.raw(), n, System.nanoTime());
    String appId = "bench-streams";
    out.println("bench: [2/4 streams] starting transform-streams and waiting for " + n + " committed events ...");
    ManagedProcess streams = Services.startStreams(stack, "streams-stage", appId, topics, plan.profile());
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
