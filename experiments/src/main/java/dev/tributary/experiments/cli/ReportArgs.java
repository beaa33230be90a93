package dev.tributary.experiments.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Parsed command line of {@code tributary experiment report KEY [--phase N] [--json] [--definitions FILE]
 * [--clickhouse-http-port N] [--database NAME]}. Immutable value; {@link #parse} is pure.
 *
 * @param key the experiment's key
 * @param phase the phase to report; empty = the definition's current phase
 * @param json JSON instead of a table
 * @param definitions the definitions file; empty = the caller's default (the file the local stack serves)
 * @param clickhouseHttpPort the ClickHouse HTTP port on 127.0.0.1
 * @param database the warehouse database
 */
public record ReportArgs(String key, OptionalInt phase, boolean json, Optional<Path> definitions,
    int clickhouseHttpPort, String database) {

  public static final int DEFAULT_CLICKHOUSE_HTTP_PORT = 8123;
  public static final String DEFAULT_DATABASE = "tributary";

  public static final String USAGE = String.join(System.lineSeparator(),
      "usage: tributary experiment report KEY [--phase N] [--json] [--definitions FILE]",
      "                                       [--clickhouse-http-port N] [--database NAME]",
      "",
      "Reads the experiment's per-variant sums and exposures from the warehouse (as the read-only analyst) and",
      "prints units, metric values, effects with fixed-horizon and sequential CIs, chance to win, the sample",
      "ratio check, sample-size progress and a verdict per metric. Exit 0: printed; 1: the warehouse could not",
      "be read; 2: bad arguments, an unknown key or an invalid definitions file.",
      "",
      "  --phase N                 the phase to report (default: the definition's current phase)",
      "  --json                    JSON instead of a table (the console serves the same JSON)",
      "  --definitions FILE        the definitions file (default: the one the local stack serves)",
      "  --clickhouse-http-port N  (default 8123)",
      "  --database NAME           (default tributary)",
      "See docs/EXPERIMENTS.md, \"Reading a report\".", "");

  /**
   * Parses the arguments after {@code experiment report}.
   *
   * @throws IllegalArgumentException naming the argument and what is wrong with it
   */
  public static ReportArgs parse(String[] args) {
    String key = null;
    OptionalInt phase = OptionalInt.empty();
    boolean json = false;
    Optional<Path> definitions = Optional.empty();
    int port = DEFAULT_CLICKHOUSE_HTTP_PORT;
    String database = DEFAULT_DATABASE;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        if (key != null) {
          throw new IllegalArgumentException("unexpected argument '" + arg + "': give one experiment key");
        }
        key = arg;
        continue;
      }
      if (arg.equals("--json")) {
        json = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(arg + " needs a value");
      }
      String value = args[++i];
      switch (arg) {
        case "--phase" -> phase = OptionalInt.of(whole(arg, value, 1));
        case "--definitions" -> definitions = Optional.of(Path.of(value));
        case "--clickhouse-http-port" -> {
          port = whole(arg, value, 1);
          if (port > 65_535) {
            throw new IllegalArgumentException("--clickhouse-http-port must be 1..65535, not " + value);
          }
        }
        case "--database" -> {
          if (value.isBlank()) {
            throw new IllegalArgumentException("--database must not be empty");
          }
          database = value;
        }
        default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
      }
    }
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("which experiment? give its key, e.g. 'tributary experiment report checkout-button'");
    }
    return new ReportArgs(key, phase, json, definitions, port, database);
  }

  private static int whole(String option, String value, int min) {
    try {
      int n = Integer.parseInt(value);
      if (n < min) {
        throw new IllegalArgumentException(option + " must be at least " + min + ", not " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a whole number, not '" + value + "'");
    }
  }
}
