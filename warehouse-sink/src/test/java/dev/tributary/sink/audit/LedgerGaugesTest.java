package dev.tributary.sink.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** View rows → gauge values, against a fake warehouse answering the view's query. */
class LedgerGaugesTest {

  private static final Instant NOW = Instant.parse("2026-11-30T10:45:00Z");
  private static final Instant M40 = Instant.parse("2026-11-30T10:40:00Z");
  private static final Instant M41 = M40.plusSeconds(60);
  private static final Instant M43 = M40.plusSeconds(180);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<String> queries = new ArrayList<>();
  private String answer = "";
  private final LedgerGauges gauges = new LedgerGauges(sql -> {
    queries.add(sql);
    if (answer == null) {
      throw new IllegalStateException("ClickHouse is down");
    }
    return answer;
  }, "tributary", Clock.fixed(NOW, ZoneOffset.UTC), registry);

  @Test
  void shouldShowTheLatestClosedMinutesGapPerSourceAndInTotal() {
    answer = rows(row(M40, "web", 2, true), row(M41, "web", 312 - 310, true), row(M41, "ios", -1, true),
        row(M41, "", 0, true), row(M43, "web", 7, false));

    gauges.poll();

    assertThat(gauge("tributary.audit.closed.minute.seconds")).isEqualTo(M41.getEpochSecond());
    assertThat(registry.get("tributary.audit.gap.events").tag("source", "web").gauge().value()).isEqualTo(2);
    assertThat(registry.get("tributary.audit.gap.events").tag("source", "ios").gauge().value()).isEqualTo(-1);
    assertThat(gauge("tributary.audit.closed.minute.gap.events")).isEqualTo(1);
    // 10:40 web, 10:41 web and ios do not balance; the open 10:43 is pending, not counted
    assertThat(gauge("tributary.audit.unbalanced.closed.minutes")).isEqualTo(3);
    assertThat(registry.get("tributary.audit.stage.lag.seconds").tag("stage", "transform-streams").gauge().value())
        .isEqualTo(4);
    assertThat(registry.get("tributary.audit.stage.lag.seconds").tag("stage", "sink").gauge().value()).isEqualTo(9);
    assertThat(queries).singleElement().satisfies(sql -> assertThat(sql).contains("`tributary`.`audit_counts`")
        .contains("toDateTime(" + NOW.minus(LedgerGauges.WINDOW).getEpochSecond() + ", 'UTC')"));
  }

  @Test
  void shouldDropASourceWhoseGapIsNoLongerInTheLatestClosedMinute() {
    answer = rows(row(M40, "ios", 3, true));
    gauges.poll();
    answer = rows(row(M40, "ios", 3, true), row(M41, "web", 0, true));
    gauges.poll();

    assertThat(registry.find("tributary.audit.gap.events").tag("source", "ios").gauge()).isNull();
    assertThat(registry.get("tributary.audit.gap.events").tag("source", "web").gauge().value()).isZero();
  }

  @Test
  void shouldBeNaNUntilAMinuteIsClosedAndKeepTheLastValuesWhenAReadFails() {
    gauges.poll();
    assertThat(gauge("tributary.audit.closed.minute.gap.events")).isNaN();
    assertThat(registry.get("tributary.audit.stage.lag.seconds").tag("stage", "sink").gauge().value()).isNaN();

    answer = rows(row(M40, "web", 5, true));
    gauges.poll();
    answer = null;
    gauges.poll();

    assertThat(gauge("tributary.audit.closed.minute.gap.events")).isEqualTo(5);
    assertThat(registry.get("tributary.audit.poll.failures").counter().count()).isEqualTo(1);
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  private static String row(Instant minute, String source, long gap, boolean closed) {
    String hex = HexFormat.of().withUpperCase().formatHex(source.getBytes(StandardCharsets.UTF_8));
    return minute.getEpochSecond() + "\t" + hex + "\t" + gap + "\t" + (closed ? 1 : 0) + "\t4\t9";
  }

  private static String rows(String... rows) {
    return String.join("\n", rows) + "\n";
  }
}
