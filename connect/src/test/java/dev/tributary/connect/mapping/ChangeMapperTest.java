package dev.tributary.connect.mapping;

import static dev.tributary.connect.mapping.Orders.change;
import static dev.tributary.connect.mapping.Orders.row;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.events.DeadLetterReason;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeMapperTest {

  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private final ChangeMapper mapper = new ChangeMapper(Orders.mapping(), Orders.SOURCE);

  @Test
  void shouldTurnAnInsertIntoATrackCallOfTheMappedEvent() throws Exception {
    MappingResult.Event event = (MappingResult.Event) mapper.map(
        change(Operation.INSERT, Map.of(), row(7, "c1", "19.90", "new"), 1000L));

    JsonNode json = JSON.readTree(event.payload());
    assertThat(event.key()).isEqualTo("c1");
    assertThat(json.path("type").asText()).isEqualTo("track");
    assertThat(json.path("event").asText()).isEqualTo("order_created");
    assertThat(json.path("user_id").asText()).isEqualTo("c1");
    assertThat(json.path("event_id").asText()).isEqualTo(event.eventId());
    assertThat(json.path("timestamp").asText()).isEqualTo("2026-11-30T11:59:58.250Z");
    assertThat(json.path("properties").path("status").asText()).isEqualTo("new");
    assertThat(json.path("properties").path("revenue").decimalValue()).isEqualByComparingTo(new BigDecimal("19.90"));
    assertThat(json.path("context").path("cdc").path("lsn").asLong()).isEqualTo(1000L);
    assertThat(json.path("context").path("cdc").path("operation").asText()).isEqualTo("insert");
  }

  @Test
  void shouldDescribeADeleteByTheRowBeforeIt() throws Exception {
    MappingResult.Event event = (MappingResult.Event) mapper.map(
        change(Operation.DELETE, row(7, "c1", "19.90", "paid"), Map.of(), 2000L));

    JsonNode json = JSON.readTree(event.payload());
    assertThat(json.path("event").asText()).isEqualTo("order_deleted");
    assertThat(json.path("properties").path("status").asText()).isEqualTo("paid");
  }

  @Test
  void shouldGiveTheSameChangeTheSameIdAndOtherChangesOtherIds() {
    String insert = ((MappingResult.Event) mapper.map(change(Operation.INSERT, Map.of(), row(7, "c1", "1", "new"), 1000L))).eventId();
    String replay = ((MappingResult.Event) mapper.map(change(Operation.INSERT, Map.of(), row(7, "c1", "1", "new"), 1000L))).eventId();
    String update = ((MappingResult.Event) mapper.map(
        change(Operation.UPDATE, row(7, "c1", "1", "new"), row(7, "c1", "1", "paid"), 1100L))).eventId();
    String otherRow = ((MappingResult.Event) mapper.map(change(Operation.INSERT, Map.of(), row(8, "c1", "1", "new"), 1000L))).eventId();

    assertThat(replay).isEqualTo(insert);
    assertThat(update).isNotEqualTo(insert);
    assertThat(otherRow).isNotEqualTo(insert);
  }

  @Test
  void shouldGiveASnapshotReadTheSameIdOnEverySnapshot() {
    RowChange first = change(Operation.SNAPSHOT, Map.of(), row(7, "c1", "1", "new"), 0L);
    RowChange again = new RowChange(first.table(), first.operation(), first.before(), first.after(), first.key(),
        first.lsn(), first.commitMillis() + 86_400_000L);

    assertThat(((MappingResult.Event) mapper.map(again)).eventId())
        .isEqualTo(((MappingResult.Event) mapper.map(first)).eventId());
  }

  @Test
  void shouldUseTheCommitTimeWhenTheTimestampColumnIsNull() throws Exception {
    Map<String, Object> row = row(7, "c1", "1", "new");
    row.put("updated_at", null);
    MappingResult.Event event = (MappingResult.Event) mapper.map(change(Operation.INSERT, Map.of(), row, 1000L));

    assertThat(JSON.readTree(event.payload()).path("timestamp").asText()).isEqualTo(Orders.COMMIT.toString());
  }

  @Test
  void shouldDeadLetterARowWithoutIdentity() {
    MappingResult result = mapper.map(change(Operation.INSERT, Map.of(), row(7, null, "1", "new"), 1000L));

    assertThat(result).isInstanceOfSatisfying(MappingResult.Unmappable.class, u -> {
      assertThat(u.reason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
      assertThat(u.field()).contains("customer_id");
      assertThat(u.detail()).contains("identity column customer_id of public.orders is null or blank");
    });
  }

  @Test
  void shouldDeadLetterADeleteThatCarriesOnlyItsKeyAndSayWhy() {
    MappingResult result = mapper.map(change(Operation.DELETE, Map.of("id", 7L), Map.of(), 2000L));

    assertThat(result).isInstanceOfSatisfying(MappingResult.Unmappable.class, u ->
        assertThat(u.detail()).contains("REPLICA IDENTITY FULL"));
  }

  @Test
  void shouldDeadLetterARevenueThatIsNotANumber() {
    Map<String, Object> row = row(7, "c1", "1", "new");
    row.put("amount", "a lot");

    assertThat(mapper.map(change(Operation.INSERT, Map.of(), row, 1000L)))
        .isInstanceOfSatisfying(MappingResult.Unmappable.class, u -> {
          assertThat(u.reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
          assertThat(u.field()).contains("amount");
        });
  }

  @Test
  void shouldIgnoreUnmappedTablesAndOperations() {
    Map<String, String> keys = Orders.mappingKeys();
    keys.remove("table.public.orders.event.update");
    ChangeMapper insertsOnly = new ChangeMapper(CdcMapping.parse(keys), Orders.SOURCE);
    RowChange other = new RowChange("public.carts", Operation.INSERT, Map.of(), row(1, "c1", "1", "new"),
        java.util.List.of(), java.util.Optional.of(1L), 0L);

    assertThat(insertsOnly.map(change(Operation.UPDATE, row(7, "c1", "1", "new"), row(7, "c1", "1", "paid"), 1100L)))
        .isInstanceOf(MappingResult.NotAnEvent.class);
    assertThat(insertsOnly.map(other)).isInstanceOf(MappingResult.NotAnEvent.class);
  }
}
