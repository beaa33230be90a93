package dev.tributary.localstack.reconcile;

import dev.tributary.localstack.component.ClickHouseConfig;
import dev.tributary.localstack.component.ClickHouseHttp;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * {@code tributary reconcile}: reads the audit ledger's reconciliation view as the read-only
 * analyst and prints the minutes that do not balance. Exit codes: 0 every closed minute balances,
 * 1 a gap (or the warehouse could not be read), 2 bad arguments.
 *
 * <p>Thread-safe (holds only its collaborators).
 */
public final class ReconcileCommand {

  private final Clock clock;
  private final Function<ReconcileArgs, Ledger> readers;

  /** The command against a local ClickHouse on 127.0.0.1 at the port the arguments name. */
  public ReconcileCommand() {
    this(Clock.systemUTC(), args -> new LedgerReader(new ClickHouseHttp("http://127.0.0.1:" + args.clickhouseHttpPort(),
        ClickHouseConfig.ANALYST_USER, ClickHouseConfig.ANALYST_PASSWORD, Duration.ofSeconds(30)), args.database()));
  }

  ReconcileCommand(Clock clock, Function<ReconcileArgs, Ledger> readers) {
    this.clock = clock;
    this.readers = readers;
  }

  /** Runs it; returns the exit code. */
  public int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.print(ReconcileArgs.USAGE);
      return 0;
    }
    ReconcileArgs parsed;
    try {
      parsed = ReconcileArgs.parse(args, clock.instant());
    } catch (IllegalArgumentException e) {
      err.println("tributary reconcile: " + e.getMessage());
      err.println();
      err.print(ReconcileArgs.USAGE);
      return 2;
    }
    List<MinuteBalance> rows;
    try {
      rows = readers.apply(parsed).read(parsed.since(), parsed.until());
    } catch (RuntimeException e) {
      err.println("tributary reconcile: cannot read the audit ledger of database " + parsed.database()
          + " on ClickHouse port " + parsed.clickhouseHttpPort() + ": " + e.getMessage());
      return 1;
    }
    ReconcileReport report = ReconcileReport.of(rows);
    out.print(report.render(parsed.since(), parsed.until()));
    return report.reconciles() ? 0 : 1;
  }
}
