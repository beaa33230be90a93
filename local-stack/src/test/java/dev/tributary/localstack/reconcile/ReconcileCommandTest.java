package dev.tributary.localstack.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.localstack.component.ClickHouseHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command's decisions and text over fixed rows of the reconciliation view (no server). */
class ReconcileCommandTest {

  private static final Instant NOW = Instant.parse("2026-11-30T10:50:00Z");
  private static final Instant M41 = Instant.parse("2026-11-30T10:41:00Z");
  private static final Instant M42 = Instant.parse("2026-11-30T10:42:00Z");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void shouldSayEveryMinuteReconcilesAndExitZeroWhenEveryClosedMinuteBalances() {
    int code = run(List.of(balanced(M41, "web", true), balanced(M42, "web", true)), "--since", "2026-11-30T10:00Z");

    assertThat(code).isZero();
    assertThat(text(out)).startsWith("every minute since 2026-11-30 10:00 UTC reconciles (2 closed minute-sources checked)");
  }

  @Test
  void shouldPrintTheMinuteSourceAndCountOfAGapAndExitOne() {
    MinuteBalance missing = new MinuteBalance(M41, "web", 312, 310, 1, 0, 7, 2, 1, 1, 0, true, 30, 31);

    int code = run(List.of(missing, balanced(M42, "web", true)));

    assertThat(code).isEqualTo(1);
    assertThat(text(out)).startsWith("1 minute does not reconcile since 2026-11-29 10:50 UTC")
        .containsPattern("2026-11-30 10:41 +web +312 +310 +1 +0 +7 +2 +1 +1 +0")
        .doesNotContain("10:42");
  }

  @Test
  void shouldSayHowManyEventsCameTooLateForTheMinuteMetricsWhenEveryMinuteReconciles() {
    MinuteBalance late = new MinuteBalance(M41, "web", 10, 9, 1, 0, 0, 3, 0, 0, 0, true, 5, 6);

    int code = run(List.of(late, balanced(M42, "ios", true)));

    assertThat(code).isZero();
    assertThat(text(out)).contains("reconciles (2 closed minute-sources checked)")
        .contains("3 events of this range came too late for the minute metrics");
  }

  @Test
  void shouldReportAnOpenMinuteThatDoesNotBalanceYetAsPendingWithoutFailing() {
    MinuteBalance inFlight = new MinuteBalance(M42, "web", 5, 3, 0, 0, 0, 0, 2, 2, 0, false, 3, 4);

    int code = run(List.of(balanced(M41, "web", true), inFlight));

    assertThat(code).isZero();
    assertThat(text(out)).contains("1 open minute(s) not balanced yet").contains("stage lag: transform-streams 3 s, sink 4 s");
  }

  @Test
  void shouldExitTwoWithTheUsageOnBadArguments() {
    int code = run(List.of(), "--since", "soon");

    assertThat(code).isEqualTo(2);
    assertThat(text(err)).contains("--since 'soon' is not a time").contains("usage: tributary reconcile");
  }

  @Test
  void shouldExitOneNamingTheDatabaseWhenTheWarehouseCannotBeRead() {
    ReconcileCommand command = new ReconcileCommand(Clock.fixed(NOW, ZoneOffset.UTC),
        args -> new LedgerReader(new ClickHouseHttp("http://127.0.0.1:1"), args.database()));

    int code = command.run(new String[] {"--database", "audit_db"}, print(out), print(err));

    assertThat(code).isEqualTo(1);
    assertThat(text(err)).contains("cannot read the audit ledger of database audit_db");
  }

  @Test
  void shouldReadTheSourceByteForByteFromItsHex() {
    MinuteBalance row = LedgerReader.parse("1764499260\t1\t1\t0\t0\t0\t4\t0\t0\t0\t1\t2\t3\t7765620965755CC3A9");

    assertThat(row.source()).isEqualTo("web\teu\\é");
    assertThat(row.tooLate()).isEqualTo(4);
    assertThat(row.minute()).isEqualTo(Instant.ofEpochSecond(1764499260L));
    assertThat(row.closed()).isTrue();
  }

  private int run(List<MinuteBalance> rows, String... args) {
    ReconcileCommand command = new ReconcileCommand(Clock.fixed(NOW, ZoneOffset.UTC), a -> (since, until) -> rows);
    return command.run(args, print(out), print(err));
  }

  private static MinuteBalance balanced(Instant minute, String source, boolean closed) {
    return new MinuteBalance(minute, source, 10, 9, 1, 0, 0, 0, 0, 0, 0, closed, 5, 6);
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  private static String text(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
