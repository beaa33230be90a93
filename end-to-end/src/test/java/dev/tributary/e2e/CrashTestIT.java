package dev.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.e2e.crash.CrashOptions;
import dev.tributary.e2e.crash.CrashReport;
import dev.tributary.e2e.crash.CrashTestRunner;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 1 of the architecture, tested the hard way: each of the six processes of the pipeline
 * (ingest, streams, sink, ClickHouse, the Kafka broker, the registry) runs as its own OS process
 * and is killed with SIGKILL and restarted while a client sends events and retries whatever got no
 * 2xx. Every acknowledged event must then be in {@code events_v} exactly once and in the raw
 * {@code events} table exactly once (the mechanism, not only the FINAL backstop).
 *
 * <p>By default the short version (20,000 events, each process killed once or twice); the
 * {@code crash.*} system properties of {@link CrashOptions} select the full version, and
 * {@code -Dcrash.disable=dedupe|resume} the negative controls, which must fail.
 */
class CrashTestIT {

  @Test
  void shouldLandEveryAcknowledgedEventExactlyOnceWhileEachProcessIsKilledAndRestarted() throws Exception {
    CrashReport report = CrashTestRunner.run(CrashOptions.from(System.getProperties()));
    System.out.print(report.table());

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(report.problems()).as("problems during the run").isEmpty();
    for (CrashReport.Phase phase : report.phases()) {
      soft.assertThat(phase.outcome().lost()).as("acknowledged events lost while killing " + phase.target().label())
          .isZero();
      soft.assertThat(phase.outcome().duplicated()).as("duplicate rows while killing " + phase.target().label())
          .isZero();
      soft.assertThat(phase.kills()).as("kills of " + phase.target().label()).isPositive();
    }
    soft.assertThat(report.viewRows()).as("rows in events_v = distinct acknowledged ids").isEqualTo(report.distinctAcked());
    soft.assertThat(report.rawRows()).as("rows in raw events = distinct acknowledged ids").isEqualTo(report.distinctAcked());
    soft.assertThat(report.insertedRows()).as("rows ever inserted into events = distinct acknowledged ids")
        .isEqualTo(report.distinctAcked());
    soft.assertThat(report.unacknowledgedRows()).as("rows of ids never acknowledged").isZero();
    soft.assertAll();
    assertThat(report.exactlyOnce()).isTrue();
  }
}
