package dev.tributary.localstack.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineParserTest {

  private final LineParser json = LineParser.jsonLines();

  @Test
  void shouldGiveTheSameIdToTheSameLineWhateverItsPosition() {
    String line = "{\"event\":\"signup\",\"user_id\":\"u-1\",\"timestamp\":\"2025-01-01T00:00:00Z\"}";

    String first = id(json.parse(3, line));
    String again = id(json.parse(9_000, line));

    assertThat(first).isEqualTo(again).isEqualTo(EventIds.forLine(line)).startsWith("imp-").hasSize(36);
  }

  @Test
  void shouldGiveDifferentLinesDifferentIds() {
    assertThat(EventIds.forLine("{\"event\":\"a\",\"user_id\":\"u\"}")).isNotEqualTo(EventIds.forLine("{\"event\":\"b\",\"user_id\":\"u\"}"));
  }

  @Test
  void shouldKeepAnIdTheLineAlreadyHas() {
    assertThat(id(json.parse(1, "{\"event\":\"a\",\"user_id\":\"u\",\"event_id\":\"mine\"}"))).isEqualTo("mine");
    assertThat(((ParsedLine.Event) json.parse(1, "{\"event\":\"a\",\"user_id\":\"u\",\"messageId\":\"m-1\"}")).event()
        .has("event_id")).isFalse();
  }

  @Test
  void shouldReportMalformedJsonWithoutSendingIt() {
    ParsedLine parsed = json.parse(7, "{\"event\":");

    assertThat(parsed).isInstanceOfSatisfying(ParsedLine.Unreadable.class, u -> {
      assertThat(u.line()).isEqualTo(7);
      assertThat(u.rule()).isEqualTo("malformed_json");
    });
  }

  @Test
  void shouldLeaveANonObjectLineToTheServersRules() {
    assertThat(json.parse(1, "[1,2]")).isInstanceOf(ParsedLine.Event.class);
  }

  @Test
  void shouldIgnoreBlankLines() {
    assertThat(json.parse(4, "   ")).isEqualTo(new ParsedLine.Blank(4));
  }

  @Test
  void shouldReportACsvLineWithTheWrongNumberOfFieldsByLine() {
    LineParser csv = LineParser.csv(FieldMapping.parse("event=name,user_id=uid", List.of("name", "uid")));

    assertThat(csv.parse(12, "signup,u-1,extra")).isInstanceOfSatisfying(ParsedLine.Unreadable.class, u -> {
      assertThat(u.rule()).isEqualTo("csv_fields");
      assertThat(u.message()).isEqualTo("line 12 has 3 fields; the header has 2");
    });
  }

  @Test
  void shouldGiveACsvLineAContentId() {
    LineParser csv = LineParser.csv(FieldMapping.parse("event=name,user_id=uid", List.of("name", "uid")));

    assertThat(id(csv.parse(2, "signup,u-1"))).isEqualTo(EventIds.forLine("signup,u-1"));
  }

  private static String id(ParsedLine parsed) {
    return ((ParsedLine.Event) parsed).event().get("event_id").textValue();
  }
}
