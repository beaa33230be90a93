package dev.tributary.localstack.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsed command line of {@code tributary reconcile [--since T] [--until T] [--clickhouse-http-port N]
 * [--database NAME]}. A time is an ISO-8601 instant ({@code 2026-11-30T10:00:00Z}), a UTC date-time
 * without offset ({@code 2026-11-30T10:00}), or an age ({@code 90m}, {@code 2h}, {@code 1d}: that
 * long before now). Pure; immutable value.
 *
 * @param since first minute to check (inclusive), truncated to its minute
 * @param until end of the range (exclusive), truncated to its minute; empty = up to now
 * @param clickhouseHttpPort the ClickHouse HTTP port on 127.0.0.1
 * @param database the warehouse database
 */
public record ReconcileArgs(Instant since, Optional<Instant> until, int clickhouseHttpPort, String database) {

  /** How far back {@code --since} reaches by default. */
  public static final Duration DEFAULT_AGE = Duration.ofHours(24);
  public static final int DEFAULT_CLICKHOUSE_HTTP_PORT = 8123;
  public static final String DEFAULT_DATABASE = "tributary";

  public static final String USAGE = """
      usage: tributary reconcile [--since T] [--until T] [--clickhouse-http-port N] [--database NAME]

      Checks the audit ledger: for every closed minute (UTC, by the time ingest received the events)
      and source, accepted = clean landed + dead-lettered landed + duplicates. Prints the minutes that
      do not balance and exits 1, or says that every minute reconciles and exits 0 (2: bad arguments).

        --since T                 first minute to check (default: 24h ago)
        --until T                 end of the range, exclusive (default: now)
        --clickhouse-http-port N  (default 8123)
        --database NAME           (default tributary)
      T is an instant (2026-11-30T10:00:00Z), a UTC date-time (2026-11-30T10:00) or an age (90m, 2h, 1d).
      """;

  private static final Pattern AGE = Pattern.compile("(\\d{1,9})([smhd])");

  public ReconcileArgs {
    if (until.isPresent() && !until.get().isAfter(since)) {
      throw new IllegalArgumentException("--until (" + until.get() + ") must be after --since (" + since + ")");
    }
    if (clickhouseHttpPort < 1 || clickhouseHttpPort > 65_535) {
      throw new IllegalArgumentException("--clickhouse-http-port must be 1..65535, not " + clickhouseHttpPort);
    }
    if (database.isBlank()) {
      throw new IllegalArgumentException("--database must not be empty");
    }
  }

  /**
   * Parses the arguments after {@code reconcile}.
   *
   * @throws IllegalArgumentException naming the argument and what is wrong with it
   */
  public static ReconcileArgs parse(String[] args, Instant now) {
    Instant since = now.minus(DEFAULT_AGE);
    Optional<Instant> until = Optional.empty();
    int port = DEFAULT_CLICKHOUSE_HTTP_PORT;
    String database = DEFAULT_DATABASE;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      String value;
      int eq = name.indexOf('=');
      if (name.startsWith("--") && eq > 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException(name.startsWith("--") ? name + " needs a value" : "unexpected argument '" + name + "'");
      }
      switch (name) {
        case "--since" -> since = time(name, value, now);
        case "--until" -> until = Optional.of(time(name, value, now));
        case "--clickhouse-http-port" -> port = port(value);
        case "--database" -> database = value;
        default -> throw new IllegalArgumentException("unknown option '" + name + "'");
      }
    }
    return new ReconcileArgs(minute(since), until.map(ReconcileArgs::minute), port, database);
  }

  static Instant time(String option, String value, Instant now) {
    Matcher age = AGE.matcher(value.toLowerCase(Locale.ROOT));
    if (age.matches()) {
      long n = Long.parseLong(age.group(1));
      Duration unit = switch (age.group(2)) {
        case "s" -> Duration.ofSeconds(1);
        case "m" -> Duration.ofMinutes(1);
        case "h" -> Duration.ofHours(1);
        default -> Duration.ofDays(1);
      };
      return now.minus(unit.multipliedBy(n));
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException notAnInstant) {
      try {
        return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(option + " '" + value + "' is not a time: use 2026-11-30T10:00:00Z,"
            + " 2026-11-30T10:00 (UTC) or an age such as 90m, 2h, 1d");
      }
    }
  }

  private static int port(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--clickhouse-http-port '" + value + "' is not a number");
    }
  }

  private static Instant minute(Instant t) {
    return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), 60) * 60);
  }
}
