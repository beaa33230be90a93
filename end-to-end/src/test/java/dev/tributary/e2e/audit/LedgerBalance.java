package dev.tributary.e2e.audit;

import dev.tributary.localstack.component.ClickHouseHttp;
import dev.tributary.localstack.reconcile.LedgerReader;
import dev.tributary.localstack.reconcile.MinuteBalance;
import dev.tributary.localstack.reconcile.ReconcileReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The audit-ledger check for whole-pipeline tests: once every acknowledged event has landed, every
 * minute since the test began must balance — open minutes included, since nothing is in flight any
 * more. The ledger's reports trail the data by up to the report interval plus the sink's batching,
 * so it polls. Used by {@code PipelineEndToEndIT}; for the crash test, in {@code CrashTestRunner.run}
 * right after {@code Snapshot snapshot = reconciler.snapshot();}:
 *
 * <pre>{@code
 * LedgerBalance.unbalanced(pipeline.clickhouse(), PipelineProcesses.DATABASE, start.minusSeconds(60), Duration.ofMinutes(2))
 *     .ifPresent(table -> problems.add("the audit ledger does not balance:
" + table));
 * }</pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class LedgerBalance {

  private static final Duration POLL = Duration.ofMillis(500);

  private LedgerBalance() {}

  /**
   * Empty when, within {@code timeout}, every minute and source since {@code since} balances and the
   * ledger counted at least one accepted record; otherwise the reconcile table of what does not.
   */
  public static Optional<String> unbalanced(ClickHouseHttp clickhouse, String database, Instant since,
      Duration timeout) throws InterruptedException {
    LedgerReader ledger = new LedgerReader(clickhouse, database);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<MinuteBalance> rows = ledger.read(since, Optional.empty());
      boolean counted = rows.stream().mapToLong(MinuteBalance::accepted).sum() > 0;
      if (counted && rows.stream().noneMatch(MinuteBalance::unbalanced)) {
        return Optional.empty();
      }
      if (System.nanoTime() - deadline > 0) {
        // report every unbalanced minute as a gap, open or not: the pipeline has drained
        List<MinuteBalance> gaps = rows.stream().filter(MinuteBalance::unbalanced)
            .map(LedgerBalance::asClosed).toList();
        return Optional.of(counted ? new ReconcileReport(gaps, List.of(), rows).render(since, Optional.empty())
            : "the audit ledger counted nothing since " + since);
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private static MinuteBalance asClosed(MinuteBalance r) {
    return new MinuteBalance(r.minute(), r.source(), r.accepted(), r.cleanLanded(), r.deadLanded(), r.duplicates(),
        r.rejected(), r.tooLate(), r.gap(), r.cleanGap(), r.deadGap(), true, r.streamsLagSeconds(), r.sinkLagSeconds());
  }
}
