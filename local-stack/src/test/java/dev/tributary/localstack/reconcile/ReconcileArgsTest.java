package dev.tributary.localstack.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconcileArgsTest {

  private static final Instant NOW = Instant.parse("2026-11-30T10:41:35Z");

  @Test
  void shouldCheckTheLastDayOfTheLocalWarehouseByDefault() {
    ReconcileArgs args = ReconcileArgs.parse(new String[0], NOW);

    assertThat(args.since()).isEqualTo(Instant.parse("2026-11-29T10:41:00Z"));
    assertThat(args.until()).isEmpty();
    assertThat(args.clickhouseHttpPort()).isEqualTo(8123);
    assertThat(args.database()).isEqualTo("tributary");
  }

  @Test
  void shouldReadInstantsUtcDateTimesAndAgesTruncatedToTheirMinute() {
    ReconcileArgs args = ReconcileArgs.parse(new String[] {"--since", "2026-11-30T10:00:59Z", "--until=10m"}, NOW);
    ReconcileArgs local = ReconcileArgs.parse(new String[] {"--since=2026-11-30T09:30", "--until", "30m"}, NOW);

    assertThat(args.since()).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
    assertThat(args.until()).isEqualTo(Optional.of(Instant.parse("2026-11-30T10:31:00Z")));
    assertThat(local.since()).isEqualTo(Instant.parse("2026-11-30T09:30:00Z"));
    assertThatThrownBy(() -> ReconcileArgs.parse(new String[] {"--since=3h", "--until", "2h", "--database", ""}, NOW))
        .hasMessageContaining("--database");
  }

  @Test
  void shouldNameTheArgumentThatIsWrong() {
    assertThatThrownBy(() -> ReconcileArgs.parse(new String[] {"--since", "yesterday"}, NOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--since 'yesterday' is not a time");
    assertThatThrownBy(() -> ReconcileArgs.parse(new String[] {"--since", "1h", "--until", "2h"}, NOW))
        .hasMessageContaining("--until").hasMessageContaining("must be after --since");
    assertThatThrownBy(() -> ReconcileArgs.parse(new String[] {"--clickhouse-http-port", "x"}, NOW))
        .hasMessageContaining("--clickhouse-http-port 'x' is not a number");
    assertThatThrownBy(() -> ReconcileArgs.parse(new String[] {"--verbose", "1"}, NOW))
        .hasMessageContaining("unknown option '--verbose'");
    assertThatThrownBy(() -> ReconcileArgs.parse(new String[] {"--since"}, NOW))
        .hasMessageContaining("--since needs a value");
  }
}
