package dev.tributary.localstack.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Parsed command line of {@code tributary}: {@code up [--demo] [--demo-rate N] [--infra-only] [--cdc]
 * [--<component>-port N ...] [--root DIR]}, {@code down [--root DIR]}, {@code status [--root DIR]}.
 * Pure (no I/O), so every parsing rule is unit-tested. Immutable value.
 *
 * @param root the project root holding {@code .tributary/}; empty = discover from the working directory
 * @param demoRate events per second sent by {@code --demo}
 * @param infraOnly start Kafka, the registry and ClickHouse but not the services
 * @param cdc also start PostgreSQL and the CDC worker ({@code --cdc})
 * @param cluster Kafka as 3 brokers and ClickHouse as 2 shards x 2 replicas with ZooKeeper instead of one server
 *     each ({@code --cluster})
 */
public record CliArgs(Command command, boolean demo, int demoRate, boolean infraOnly, StackPorts ports, Optional<Path> root,
    boolean cdc, boolean cluster) {

  /** The arguments without change data capture. */
  public CliArgs(Command command, boolean demo, int demoRate, boolean infraOnly, StackPorts ports, Optional<Path> root) {
    this(command, demo, demoRate, infraOnly, ports, root, false);
  }

  /** The arguments with one ClickHouse server. */
  public CliArgs(Command command, boolean demo, int demoRate, boolean infraOnly, StackPorts ports, Optional<Path> root,
      boolean cdc) {
    this(command, demo, demoRate, infraOnly, ports, root, cdc, false);
  }

  /** The subcommands. */
  public enum Command { UP, DOWN, STATUS, HELP }

  public static final int DEFAULT_DEMO_RATE = 200;

  public static final String USAGE = """
      usage: tributary <command> [options]

      commands:
        up       start Kafka, Apicurio Registry, ClickHouse, the three services and the console; Ctrl-C stops all
        down     stop a stack started by 'up' (from another terminal)
        status   show what is running, with URLs and log files
        import   send historical events from a JSON-lines or CSV file (tributary import --help)
        stats    experiment statistics calculator, JSON on stdin (tributary stats --help)
        reconcile  check that every minute's events are accounted for (tributary reconcile --help)
        experiment report KEY   an experiment's results from the warehouse (tributary experiment --help)

      options for up:
        --demo                    send a steady stream of synthetic product events and print live counts;
                                  runs the demo experiment, ramped 5 -> 10 -> 20 -> 100 %
        --demo-rate N             demo events per second (default 200)
        --infra-only              start only Kafka, the registry and ClickHouse
        --cluster                 the production shape: Kafka as 3 brokers (replication factor 3, min.insync.replicas
                                  2; the first broker on the Kafka ports below) and ClickHouse as ZooKeeper and
                                  2 shards x 2 replicas (the first replica on the ClickHouse ports below); the sink
                                  writes each partition to its shard
        --cdc                     also start PostgreSQL and the CDC worker (Kafka Connect + Debezium) capturing
                                  the shop database's orders (docs/SOURCES.md); with --demo, the demo writes orders
        --kafka-port N            (default 9092)      --kafka-controller-port N (default 9093)
        --registry-port N         (default 8081)      --ingest-port N           (default 8080)
        --clickhouse-http-port N  (default 8123)      --clickhouse-tcp-port N   (default 9000)
        --streams-admin-port N    (default 8082)      --sink-admin-port N       (default 8083)
        --console-port N          (default 8084)
      any command:
        --root DIR                project root holding .tributary/ (default: found from the working directory)
      """;

  /** Thrown for a command line that cannot be understood; the message says what is wrong. */
  public static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  public static CliArgs parse(String... args) {
    if (args.length == 0) {
      throw new UsageException("missing command (up, down or status)");
    }
    Command command = switch (args[0].toLowerCase(Locale.ROOT)) {
      case "up" -> Command.UP;
      case "down" -> Command.DOWN;
      case "status" -> Command.STATUS;
      case "help", "-h", "--help" -> Command.HELP;
      default -> throw new UsageException("unknown command '" + args[0] + "' (expected up, down or status)");
    };
    boolean demo = false;
    boolean infraOnly = false;
    boolean cdc = false;
    boolean cluster = false;
    int rate = DEFAULT_DEMO_RATE;
    StackPorts ports = StackPorts.DEFAULTS;
    Optional<Path> root = Optional.empty();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String inlineValue = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        inlineValue = arg.substring(eq + 1);
      }
      switch (name) {
        case "-h", "--help" -> {
          return new CliArgs(Command.HELP, false, rate, false, ports, root);
        }
        case "--demo" -> demo = upOnly(command, name, true);
        case "--infra-only" -> infraOnly = upOnly(command, name, true);
        case "--cdc" -> cdc = upOnly(command, name, true);
        case "--cluster" -> cluster = upOnly(command, name, true);
        case "--root" -> {
          String value = inlineValue != null ? inlineValue : next(args, ++i, name);
          root = Optional.of(Path.of(value));
        }
        case "--demo-rate" -> {
          upOnly(command, name, true);
          rate = number(name, inlineValue != null ? inlineValue : next(args, ++i, name), 1, 100_000);
        }
        default -> {
          String option = name.startsWith("--") ? name.substring(2) : name;
          if (!StackPorts.DEFAULTS.byOption().containsKey(option)) {
            throw new UsageException("unknown option '" + arg + "'");
          }
          upOnly(command, name, true);
          ports = ports.with(option, number(name, inlineValue != null ? inlineValue : next(args, ++i, name), 1, 65_535));
        }
      }
    }
    if (demo && infraOnly) {
      throw new UsageException("--demo needs the services; it cannot be combined with --infra-only");
    }
    return new CliArgs(command, demo, rate, infraOnly, ports, root, cdc, cluster);
  }

  private static boolean upOnly(Command command, String option, boolean value) {
    if (command != Command.UP) {
      throw new UsageException(option + " only applies to 'up'");
    }
    return value;
  }

  private static String next(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new UsageException(option + " needs a value");
    }
    return args[i];
  }

  private static int number(String option, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n < min || n > max) {
        throw new UsageException(option + " must be between " + min + " and " + max + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(option + " needs a number, got '" + value + "'");
    }
  }
}
