package dev.tributary.localstack.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayArgsTest {

  @Test
  void shouldDefaultToTheLocalStack() {
    ReplayArgs a = ReplayArgs.parse();

    assertThat(a.bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(a.registryUrl()).isEqualTo("http://127.0.0.1:8081/apis/ccompat/v7");
    assertThat(a.clickhouseUrl()).isEqualTo("http://127.0.0.1:8123");
    assertThat(a.database()).isEqualTo("tributary");
    assertThat(a.rawTopic()).isEqualTo("events.raw");
    assertThat(a.replaysTopic()).isEqualTo("events.dlq.replays");
    assertThat(a.filter()).isEqualTo(ReplayFilter.ALL);
  }

  @Test
  void shouldParseTheFilters() {
    ReplayArgs a = ReplayArgs.parse("--reason", "invalid_field, MISSING_FIELD", "--source", "web", "--since",
        "2026-11-30", "--until", "2026-11-30T12:30:00Z", "--dry-run", "--batch-size", "50");

    assertThat(a.filter().reasons()).containsExactly("INVALID_FIELD", "MISSING_FIELD");
    assertThat(a.filter().source()).contains("web");
    assertThat(a.filter().since()).contains(Instant.parse("2026-11-30T00:00:00Z"));
    assertThat(a.filter().until()).contains(Instant.parse("2026-11-30T12:30:00Z"));
    assertThat(a.dryRun()).isTrue();
    assertThat(a.batchSize()).isEqualTo(50);
  }

  @Test
  void shouldNameTheBadOption() {
    assertThatThrownBy(() -> ReplayArgs.parse("--since", "yesterday")).hasMessage(
        "--since must be an ISO-8601 instant (2026-11-30T10:00:00Z) or date (2026-11-30), got yesterday");
    assertThatThrownBy(() -> ReplayArgs.parse("--since", "2026-12-01", "--until", "2026-11-30"))
        .hasMessageContaining("--since must be before --until");
    assertThatThrownBy(() -> ReplayArgs.parse("--batch-size", "0")).hasMessageContaining("--batch-size must be a positive");
    assertThatThrownBy(() -> ReplayArgs.parse("--source")).hasMessage("--source needs a value");
    assertThatThrownBy(() -> ReplayArgs.parse("--everything")).hasMessage("unknown option --everything");
  }

  @Test
  void shouldExitWith2AndSayWhyOnABadCommandLine() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    assertThat(DlqCommand.run(new String[] {"replay", "--reason"}, out, errStream)).isEqualTo(2);
    assertThat(DlqCommand.run(new String[] {"purge"}, out, errStream)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("tributary dlq replay: --reason needs a value")
        .contains("the only subcommand is `replay`").contains("usage: tributary dlq replay");
  }

  @Test
  void shouldQueryDeadLettersWithTheFilterAndReadEveryByteBack() {
    ReplayFilter f = ReplayArgs.parse("--reason", "INVALID_FIELD", "--source", "it's", "--since", "2026-11-30").filter();

    assertThat(ClickHouseDeadLetters.sql(f)).contains(
        " WHERE reason IN ('INVALID_FIELD') AND source = 'it\\'s' AND failed_at_ms >= 1795996800000 ORDER BY");
    DeadLetterToReplay d = ClickHouseDeadLetters.parse(String.join("\t", hex("events.raw"), "2", "41", hex("MISSING_FIELD"),
        "0", hex("id\twith tab"), "0", hex("web"), "0", "1700", "1", "", hex("{\"a\":1}")));
    assertThat(d.origin()).isEqualTo(new DeadLetterOrigin("events.raw", 2, 41));
    assertThat(d.eventId()).isEqualTo("id\twith tab");
    assertThat(d.receivedAtMs()).isEqualTo(1700L);
    assertThat(d.rawKey()).isNull();
    assertThat(new String(d.rawPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    assertThat(d.decoded()).isTrue();
  }

  private static String hex(String s) {
    return java.util.HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8)).toUpperCase(java.util.Locale.ROOT);
  }
}
