package dev.tributary.localstack.dlq;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.localstack.cli.StackPorts;
import dev.tributary.localstack.component.ClickHouseConfig;
import dev.tributary.localstack.component.RegistryProcess;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The command line of {@code tributary dlq replay}; pure parsing, every default pointing at the local
 * stack. Immutable value.
 */
public record ReplayArgs(ReplayFilter filter, boolean dryRun, int batchSize, String bootstrapServers,
    String registryUrl, String clickhouseUrl, String clickhouseUser, String clickhousePassword, String database,
    String rawTopic, String replaysTopic) {

  public static final int DEFAULT_BATCH_SIZE = 500;

  public static final String USAGE = """
      usage: tributary dlq replay [options]
        sends dead letters back through the pipeline after a fix, each at most once, with its original event id;
        run it again after an interruption: what was replayed is not sent twice.
        --reason R[,R...]         only these reasons (e.g. INVALID_FIELD,MISSING_FIELD)
        --source S                only this source
        --since T, --until T      only dead letters that failed in [T, T): 2026-11-30T10:00:00Z or 2026-11-30
        --dry-run                 list what would be replayed, send nothing
        --batch-size N            dead letters per Kafka transaction (default 500)
        --kafka HOST:PORT         (default localhost:9092)
        --registry URL            schema registry, Confluent API (default http://127.0.0.1:8081/apis/ccompat/v7)
        --clickhouse URL          (default http://127.0.0.1:8123), read as --user/--password (default analyst)
        --database DB             (default tributary)
        --raw-topic T, --replays-topic T  (defaults events.raw, events.dlq.replays)
      """;

  /** Parses the arguments after {@code dlq replay}; a bad one is an {@link IllegalArgumentException} naming it. */
  public static ReplayArgs parse(String... args) {
    List<String> reasons = new ArrayList<>();
    Optional<String> source = Optional.empty();
    Optional<Instant> since = Optional.empty();
    Optional<Instant> until = Optional.empty();
    boolean dryRun = false;
    int batchSize = DEFAULT_BATCH_SIZE;
    String kafka = "localhost:" + StackPorts.DEFAULTS.kafka();
    String registry = "http://127.0.0.1:" + StackPorts.DEFAULTS.registry() + RegistryProcess.CCOMPAT_PATH;
    String clickhouse = "http://127.0.0.1:" + StackPorts.DEFAULTS.clickhouseHttp();
    String user = ClickHouseConfig.ANALYST_USER;
    String password = ClickHouseConfig.ANALYST_PASSWORD;
    String database = "tributary";
    String rawTopic = Datasets.RAW.topic().defaultName();
    String replaysTopic = Datasets.DLQ_REPLAYS.topic().defaultName();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      switch (option) {
        case "--dry-run" -> dryRun = true;
        case "--reason" -> Arrays.stream(value(args, ++i, option).split(",")).map(String::strip)
            .filter(r -> !r.isEmpty()).map(r -> r.toUpperCase(Locale.ROOT)).forEach(reasons::add);
        case "--source" -> source = Optional.of(value(args, ++i, option));
        case "--since" -> since = Optional.of(instant(option, value(args, ++i, option)));
        case "--until" -> until = Optional.of(instant(option, value(args, ++i, option)));
        case "--batch-size" -> batchSize = positive(option, value(args, ++i, option));
        case "--kafka" -> kafka = value(args, ++i, option);
        case "--registry" -> registry = value(args, ++i, option);
        case "--clickhouse" -> clickhouse = value(args, ++i, option);
        case "--user" -> user = value(args, ++i, option);
        case "--password" -> password = value(args, ++i, option);
        case "--database" -> database = value(args, ++i, option);
        case "--raw-topic" -> rawTopic = value(args, ++i, option);
        case "--replays-topic" -> replaysTopic = value(args, ++i, option);
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    return new ReplayArgs(new ReplayFilter(reasons, source, since, until), dryRun, batchSize, kafka, registry,
        clickhouse, user, password, database, rawTopic, replaysTopic);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static Instant instant(String option, String value) {
    try {
      return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(option + " must be an ISO-8601 instant (2026-11-30T10:00:00Z) or date"
          + " (2026-11-30), got " + value);
    }
  }

  private static int positive(String option, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(option + " must be a positive whole number, got " + value);
  }
}
