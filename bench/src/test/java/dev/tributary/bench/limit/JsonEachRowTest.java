package dev.tributary.bench.limit;

import dev.tributary.common.catalogue.WarehouseTables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.bench.gen.EventMix;
import dev.tributary.bench.gen.GeneratedEvent;
import dev.tributary.sink.batching.Row;
import dev.tributary.sink.batching.Rows;
import dev.tributary.common.catalogue.WarehouseTable;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonEachRowTest {

  @Test
  void shouldWriteEveryColumnOfASinkRowWithDateTimeAsUtcText() throws Exception {
    long now = Instant.parse("2026-11-27T12:34:56.789Z").toEpochMilli();
    GeneratedEvent e = new EventMix(9).next(now);
    Row row = Rows.of(EventMix.toClean(e, now), "t", 2, 77);
    JsonNode node = new ObjectMapper().readTree(JsonEachRow.line(WarehouseTables.EVENTS.columns(), row.values()));
    assertThat(node.size()).isEqualTo(WarehouseTables.EVENTS.columns().size());
    assertThat(node.get("received_at").asText()).isEqualTo("2026-11-27 12:34:56");
    assertThat(node.get("received_at_ms").asLong()).isEqualTo(now);
    assertThat(node.get("properties").asText()).isEqualTo(e.propertiesJson());
    assertThat(node.get("_partition").asInt()).isEqualTo(2);
    assertThat(node.get("_offset").asLong()).isEqualTo(77);
    assertThat(node.get(e.userId() == null ? "user_id" : "anonymous_id").isNull()).isTrue();
  }

  @Test
  void shouldEscapeQuotesBackslashesAndControlCharacters() {
    StringBuilder out = new StringBuilder();
    JsonEachRow.quote(out, "a\"b\\c\nd\u0001");
    assertThat(out).hasToString("\"a\\\"b\\\\c\\nd\\u0001\"");
  }

  @Test
  void shouldRefuseAValueCountThatDoesNotMatchTheColumns() {
    assertThatThrownBy(() -> JsonEachRow.line(WarehouseTables.EVENTS.columns(), List.of("x")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
