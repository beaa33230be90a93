package dev.tributary.bench.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code bench} command line. Pure parsing; immutable value.
 *
 * @param root the project root (state goes to {@code <root>/.tributary/bench}), when given
 * @param queryEvents events of the query stage when {@code --query} asks for it instead of the pipeline stages
 * @param streamsVariants whether {@code --streams-variants} asks for the streams stage once per settings variant
 *     instead of the pipeline stages
 * @param restoreSizes events per size of {@code --restore} (restart cost), ascending; empty when not asked for
 * @param instances the instance counts of {@code --instances} (the whole pipeline once per count), empty without it
 * @param scalingEvents events of each {@code --instances} run
 */
public record BenchArgs(BenchPlan plan, Optional<Path> root, boolean help, OptionalLong queryEvents,
    boolean streamsVariants, List<Integer> restoreSizes, List<Integer> instances, long scalingEvents) {

  /** Sizes of {@code --restore} unless {@code --restore-sizes} says otherwise (a few minutes each on 2 cores). */
  public static final List<Integer> DEFAULT_RESTORE_SIZES = List.of(100_000, 300_000, 1_000_000);
  /** Sizes of {@code --restore --short}. */
  public static final List<Integer> SHORT_RESTORE_SIZES = List.of(20_000, 60_000);

  public BenchArgs {
    restoreSizes = List.copyOf(restoreSizes);
    instances = List.copyOf(instances);
  }

  /** Whether {@code --restore} asks for the restart-cost stage instead of the pipeline stages. */
  public boolean restore() {
    return !restoreSizes.isEmpty();
  }

  /**
   * Events of the query stage unless {@code --events} says otherwise: small, a check that the stage
   * works in a few minutes; the figure is {@code --events 100000000}.
   */
  public static final long DEFAULT_QUERY_EVENTS = 1_000_000L;

  /**
   * Events of each {@code --instances} run unless {@code --events} says otherwise: enough that the
   * services' JIT warm-up is a small part of the CPU per event ({@code --short}: 20,000, a check only).
   */
  public static final long DEFAULT_SCALING_EVENTS = 200_000L;
  static final long SHORT_SCALING_EVENTS = 20_000L;
  /** More instances of each service than {@code --instances} takes would outnumber the topics' partitions. */
  static final int MAX_INSTANCES = 6;

  public static final String USAGE = """
      Usage: bin/bench [--short] [--profile] [--sink-events N] [--streams-events N] [--e2e-seconds S] [--drain-seconds S] [--root DIR]
             bin/bench --query [--events N] [--root DIR]
             bin/bench --streams-variants [--short] [--profile] [--streams-events N] [--root DIR]
             bin/bench --restore [--short] [--restore-sizes N,N,...] [--root DIR]
             bin/bench --instances 1,2 [--events N] [--short] [--profile] [--root DIR]
        (no option)      the full benchmark (about 30 minutes)
        --query          only the query stage: load a synthetic week of N events (default 1,000,000, a few
                         minutes) into ClickHouse and time the dashboard queries against 1 s; the issue's
                         figure is --events 100000000 (about 25 minutes on a quiet machine)
        --events N       events of the query stage (also --query-events N) or of each --instances run
        --streams-variants only the streams stage, once with the defaults and once per variant (sessions and
                         identity off, audit ledger off, commit every second), from a topic of 1,000,000
                         events (50,000 with --short); prints events/s and CPU time per event of each
        --restore        only the restart cost: per size, N events through transform-streams, stopped, then
                         the time and CPU to RUNNING after a clean restart and after losing the local state
                         (every store restored from its changelog), the fitted cost per restored record and
                         the projection for 24 h and 7 d dedupe windows at 50,000 and 1,000,000 events/s
        --restore-sizes N,N,... events of each --restore size (default 100000,300000,1000000; 20000,60000
                         with --short)
        --instances 1,2  only the whole pipeline end to end on 6-partition topics, once per count with that many
                         instances of ingest, streams and sink; each run sends N events (default 200,000; 20,000
                         with --short) as fast as taken and prints events/s, CPU per event of every stage (and of
                         the Kafka broker and ClickHouse server), memory per process, and the hardware projection
                         for 100k, 1M and 10M events/s (see docs/PERFORMANCE.md)
        --short          every stage with small sizes (under 3 minutes)
        --profile        record a JFR profile of each service JVM and print its hottest methods
        --sink-events N  CleanEvents of the sink stage (default 2,000,000 full, 100,000 short)
        --streams-events N RawEvents of the streams stage (default 1,000,000 full, 50,000 short)
        --e2e-seconds S  length of the end-to-end max-rate window (default 300 full, 10 short)
        --drain-seconds S  how long to wait for that window's backlog before reporting it undrained and
                         measuring freshness on a fresh pipeline (default 1200)
        --root DIR       project root (default: discovered from the working directory)
      """;

  /** Thrown for a bad command line; the message says what is wrong. */
  public static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message);
    }
  }

  public static BenchArgs parse(String... args) {
    boolean quick = false;
    boolean profile = false;
    boolean help = false;
    Integer sinkEvents = null;
    Integer streamsEvents = null;
    Integer e2eSeconds = null;
    Integer drainSeconds = null;
    Path root = null;
    boolean query = false;
    Long queryEvents = null;
    boolean streamsVariants = false;
    boolean restore = false;
    List<Integer> restoreSizes = null;
    List<Integer> instances = List.of();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--short" -> quick = true;
        case "--profile" -> profile = true;
        case "--help", "-h" -> help = true;
        case "--sink-events" -> sinkEvents = positive(args, ++i, "--sink-events");
        case "--streams-events" -> streamsEvents = positive(args, ++i, "--streams-events");
        case "--e2e-seconds" -> e2eSeconds = positive(args, ++i, "--e2e-seconds");
        case "--drain-seconds" -> drainSeconds = positive(args, ++i, "--drain-seconds");
        case "--root" -> root = Path.of(value(args, ++i, "--root"));
        case "--query" -> query = true;
        case "--events", "--query-events" -> {
          String option = args[i];
          queryEvents = (long) positive(args, ++i, option);
        }
        case "--streams-variants" -> streamsVariants = true;
        case "--restore" -> restore = true;
        case "--restore-sizes" -> restoreSizes = sizes(args, ++i, "--restore-sizes");
        case "--instances" -> instances = instanceCounts(value(args, ++i, "--instances"));
        default -> throw new UsageException("unknown option " + args[i]);
      }
    }
    BenchPlan plan = (quick ? BenchPlan.quick() : BenchPlan.full()).withProfile(profile);
    if (sinkEvents != null) {
      plan = plan.withSinkEvents(sinkEvents);
    }
    if (streamsEvents != null) {
      plan = plan.withStreamsEvents(streamsEvents);
    }
    if (e2eSeconds != null) {
      plan = plan.withE2eWindow(Duration.ofSeconds(e2eSeconds));
    }
    if (drainSeconds != null) {
      plan = plan.withDrainTimeout(Duration.ofSeconds(drainSeconds));
    }
    boolean scaling = !instances.isEmpty();
    if (queryEvents != null && !query && !scaling) {
      throw new UsageException("--events needs --query or --instances");
    }
    if ((query ? 1 : 0) + (streamsVariants ? 1 : 0) + (restore ? 1 : 0) + (scaling ? 1 : 0) > 1) {
      throw new UsageException("--query, --streams-variants, --restore and --instances are separate runs: choose one");
    }
    if (restoreSizes != null && !restore) {
      throw new UsageException("--restore-sizes needs --restore");
    }
    List<Integer> sizes = !restore ? List.of()
        : restoreSizes != null ? restoreSizes : quick ? SHORT_RESTORE_SIZES : DEFAULT_RESTORE_SIZES;
    long scalingEvents = queryEvents != null && scaling ? queryEvents
        : quick ? SHORT_SCALING_EVENTS : DEFAULT_SCALING_EVENTS;
    return new BenchArgs(plan, Optional.ofNullable(root), help,
        query ? OptionalLong.of(queryEvents == null ? DEFAULT_QUERY_EVENTS : queryEvents) : OptionalLong.empty(),
        streamsVariants, sizes, instances, scalingEvents);
  }

  /** {@code 1,2} → [1, 2]: distinct counts from 1 to {@value #MAX_INSTANCES}, in the order given. */
  static List<Integer> instanceCounts(String text) {
    List<Integer> counts = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      int n;
      try {
        n = Integer.parseInt(part.trim());
      } catch (NumberFormatException e) {
        throw new UsageException("--instances takes counts separated by commas, e.g. 1,2; got " + text);
      }
      if (n < 1 || n > MAX_INSTANCES) {
        throw new UsageException("--instances: each count must be 1 to " + MAX_INSTANCES
            + " (the topics have 6 partitions), got " + n);
      }
      if (counts.contains(n)) {
        throw new UsageException("--instances: " + n + " is given twice");
      }
      counts.add(n);
    }
    return List.copyOf(counts);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new UsageException(option + " needs a value");
    }
    return args[i];
  }

  /** Comma-separated positive sizes, at least two distinct ones (a line needs two points), sorted. */
  private static List<Integer> sizes(String[] args, int i, String option) {
    String v = value(args, i, option);
    List<Integer> sizes = new ArrayList<>();
    for (String part : v.split(",")) {
      sizes.add(positive(part.strip(), option));
    }
    List<Integer> sorted = sizes.stream().distinct().sorted().toList();
    if (sorted.size() < 2) {
      throw new UsageException(option + " needs at least two different sizes to fit a cost per record, got " + v);
    }
    return sorted;
  }

  private static int positive(String[] args, int i, String option) {
    return positive(value(args, i, option), option);
  }

  private static int positive(String v, String option) {
    try {
      int n = Integer.parseInt(v.replace("_", "").replace(",", ""));
      if (n < 1) {
        throw new UsageException(option + " must be positive, got " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(option + " must be a number, got " + v);
    }
  }
}
