package dev.tributary.bench.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code bench} command line. Pure parsing; immutable value.
 *
 * @param root the project root (state goes to {@code <root>/.tributary/bench}), when given
 */
public record BenchArgs(BenchPlan plan, Optional<Path> root, boolean help) {

  public static final String USAGE = """
      Usage: bin/bench [--short] [--profile] [--sink-events N] [--e2e-seconds S] [--root DIR]
        (no option)      the full benchmark (about 30 minutes)
        --short          every stage with small sizes (under 3 minutes)
        --profile        record a JFR profile of each service JVM and print its hottest methods
        --sink-events N  CleanEvents of the sink stage (default 2,000,000 full, 200,000 short)
        --e2e-seconds S  length of the end-to-end max-rate window (default 300 full, 15 short)
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
    Integer e2eSeconds = null;
    Path root = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--short" -> quick = true;
        case "--profile" -> profile = true;
        case "--help", "-h" -> help = true;
        case "--sink-events" -> sinkEvents = positive(args, ++i, "--sink-events");
        case "--e2e-seconds" -> e2eSeconds = positive(args, ++i, "--e2e-seconds");
        case "--root" -> root = Path.of(value(args, ++i, "--root"));
        default -> throw new UsageException("unknown option " + args[i]);
      }
    }
    BenchPlan plan = (quick ? BenchPlan.quick() : BenchPlan.full()).withProfile(profile);
    if (sinkEvents != null) {
      plan = plan.withSinkEvents(sinkEvents);
    }
    if (e2eSeconds != null) {
      plan = plan.withE2eWindow(Duration.ofSeconds(e2eSeconds));
    }
    return new BenchArgs(plan, Optional.ofNullable(root), help);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new UsageException(option + " needs a value");
    }
    return args[i];
  }

  private static int positive(String[] args, int i, String option) {
    String v = value(args, i, option);
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
