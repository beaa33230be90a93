package dev.tributary.bench.stage;

import dev.tributary.bench.app.BenchPlan;
import dev.tributary.bench.report.ProcStatus;
import dev.tributary.bench.stack.BenchStack;
import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.streams.config.StreamsSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
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
   * @param cpuMicrosPerEvent CPU time (user + system) of the streams process per committed event over
   *     the same span as {@code rate}: unlike the rate, it hardly moves when other processes share the
   *     cores; NaN when the platform does not report process CPU time
   */
  public record Result(long input, double rate, double seconds, long clean, long deadLetters, boolean completed,
      double cpuMicrosPerEvent) {}

  /**
   * Streams settings of one run of the stage: the defaults, or features switched off, so that
   * {@code bin/bench --streams-variants} can price each feature per event.
   *
   * @param name what the report calls it
   * @param slug short name for the run's topics and application id
   * @param settings streams settings over the defaults
   */
  public record Variant(String name, String slug, Map<String, String> settings) {

    public static final Variant DEFAULTS = new Variant("defaults (sessions and identity on)", "", Map.of());
    public static final Variant WITHOUT_SESSIONS_AND_IDENTITY = new Variant("sessions and identity off",
        "no-sessions-identity", Map.of(StreamsSettings.SESSIONS_ENABLED, "false", StreamsSettings.IDENTITY_ENABLED, "false"));
    public static final Variant WITHOUT_AUDIT = new Variant("audit ledger off", "no-audit",
        Map.of(StreamsSettings.AUDIT_ENABLED, "false"));

    public static final Variant COMMIT_EVERY_SECOND = new Variant("commit every 1,000 ms (default 100)", "commit-1s",
        Map.of(StreamsSettings.COMMIT_INTERVAL_MS, "1000"));

    public Variant {
      settings = Map.copyOf(settings);
    }

    /** Every variant {@code --streams-variants} runs, defaults first (the reference of the costs). */
    public static List<Variant> all() {
      return List.of(DEFAULTS, WITHOUT_SESSIONS_AND_IDENTITY, WITHOUT_AUDIT, COMMIT_EVERY_SECOND);
    }

    String suffix() {
      return slug.isEmpty() ? "" : "-" + slug;
    }
  }

  private StreamsStage() {}

  /**
   * The process's CPU time at the first observation of progress and at the last, the same two
   * observations {@link Poll#climb} takes its clock from. Not thread-safe.
   */
  static final class ProcessCpu {
    private final long pid;
    private long firstValue = -1;
    private long firstNanos;
    private long lastValue;
    private long lastNanos;

    ProcessCpu(long pid) {
      this.pid = pid;
    }

    /** Records the CPU time with this progress value and returns the value. */
    long observe(long value) {
      long nanos = ProcStatus.cpuNanos(pid);
      if (firstValue < 0 && value > 0) {
        firstValue = value;
        firstNanos = nanos;
      }
      lastValue = value;
      lastNanos = nanos;
      return value;
    }

    double microsPerUnit() {
      if (firstValue < 0 || lastValue <= firstValue || firstNanos < 0 || lastNanos < 0) {
        return Double.NaN;
      }
      return (lastNanos - firstNanos) / 1e3 / (lastValue - firstValue);
    }
  }

  public static Result run(BenchStack stack, BenchPlan plan, PrintStream out) {
    return run(stack, plan, out, Variant.DEFAULTS);
  }

  /** One run of the stage with the variant's settings, on topics and an application id of its own. */
  public static Result run(BenchStack stack, BenchPlan plan, PrintStream out, Variant variant) {
    Services.Topics topics = Services.Topics.prefixed("bench.streams" + variant.suffix());
    stack.createTopics(3, topics.all());
    int n = plan.streamsEvents();
    out.println("bench: [2/4 streams] pre-filling " + topics.raw() + " with " + n + " RawEvents ...");
    Fill.raw(stack.bootstrapServers(), stack.registryUrl(), topics.raw(), n, System.nanoTime());
    String appId = "bench-streams" + variant.suffix();
    out.println("bench: [2/4 streams] starting transform-streams (" + variant.name() + ") and waiting for " + n
        + " committed events ...");
    ManagedProcess streams = Services.startStreams(stack, "streams-stage" + variant.suffix(), appId, topics,
        plan.profile(), variant.settings());
    Poll.Climb climb;
    ProcessCpu cpu = new ProcessCpu(streams.pid());
    try (Admin admin = KafkaOps.admin(stack.bootstrapServers())) {
      climb = Poll.climb(() -> {
        if (!streams.isAlive()) {
          throw new IllegalStateException("transform-streams exited; see " + streams.logFile() + ":\n" + streams.logTail(20));
        }
        return cpu.observe(KafkaOps.committedSum(admin, appId, topics.raw()));
      }, n, Duration.ofMillis(200), Duration.ofMinutes(15));
    } finally {
      stack.stop(streams);
    }
    long clean = KafkaOps.countCommitted(stack.bootstrapServers(), topics.clean());
    long dlq = KafkaOps.countCommitted(stack.bootstrapServers(), topics.dlq());
    return new Result(n, climb.rate(), climb.seconds(), clean, dlq, climb.reached(), cpu.microsPerUnit());
  }
}
