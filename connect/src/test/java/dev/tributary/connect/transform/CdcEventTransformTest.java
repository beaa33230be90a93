package dev.tributary.connect.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.events.DeadLetter;
import dev.tributary.events.DeadLetterReason;
import dev.tributary.events.RawEvent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** The transform on Debezium-shaped records (the envelope Debezium's PostgreSQL connector writes). */
class CdcEventTransformTest {

  private static final Instant NOW = Instant.parse("2026-11-30T12:00:05Z");
  private static final Schema ROW = SchemaBuilder.struct().name("shop.public.orders.Value")
      .field("id", Schema.INT32_SCHEMA)
      .field("customer_id", Schema.OPTIONAL_STRING_SCHEMA)
      .field("amount", Decimal.builder(2).build())
      .field("updated_at", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").optional().build())
      .optional().build();
  private static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
  private static final Schema SOURCE = SchemaBuilder.struct()
      .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
      .field("lsn", Schema.OPTIONAL_INT64_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA).build();
  private static final Schema ENVELOPE = SchemaBuilder.struct()
      .field("before", ROW).field("after", ROW).field("source", SOURCE).field("op", Schema.STRING_SCHEMA).build();
  private static final Map<String, ?> PARTITION = Map.of("server", "tributary-postgres");
  private static final Map<String, ?> OFFSET = Map.of("lsn", 4242L);

  private final CdcEventTransform transform = configured(Map.of());

  @Test
  void shouldWriteAMappedInsertAsARawEventKeyedByIdentityKeepingTheSourceOffset() {
    SourceRecord out = transform.apply(record("c", null, row(1, "c1", "19.90")));

    assertThat(out.topic()).isEqualTo("events.raw");
    assertThat(out.key()).isEqualTo("c1");
    assertThat(out.sourcePartition()).isEqualTo(PARTITION);
    assertThat(out.sourceOffset()).isEqualTo(OFFSET);
    assertThat(out.value()).isInstanceOfSatisfying(RawEvent.class, e -> {
      assertThat(e.getSource()).isEqualTo("postgres:shop");
      assertThat(e.getReceivedAt()).isEqualTo(NOW);
      assertThat(e.getPayload()).contains("\"event\":\"order_created\"", "\"revenue\":19.90",
          "\"timestamp\":\"2026-11-30T11:00:00Z\"");
    });
  }

  @Test
  void shouldWriteAnUnmappableRowAsATypedDeadLetterWithTheRowAsPayload() {
    SourceRecord out = transform.apply(record("c", null, row(2, null, "5.00")));

    assertThat(out.topic()).isEqualTo("events.dlq");
    assertThat(out.value()).isInstanceOfSatisfying(DeadLetter.class, d -> {
      assertThat(d.getReason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
      assertThat(d.getField()).isEqualTo("customer_id");
      assertThat(d.getStage()).isEqualTo("connect");
      assertThat(d.getSourceTopic()).isEqualTo("tributary-postgres.public.orders");
      assertThat(StandardCharsets.UTF_8.decode(d.getRawPayload()).toString())
          .contains("\"operation\":\"insert\"", "\"lsn\":4242", "\"amount\":5.00");
    });
  }

  @Test
  void shouldDropRecordsThatAreNotRowChangesOrNotMapped() {
    assertThat(transform.apply(new SourceRecord(PARTITION, OFFSET, "t", KEY, key(1), null, null))).isNull();
    CdcEventTransform insertsOnly = configured(Map.of("table.public.orders.event.update", ""));
    assertThat(insertsOnly.apply(record("u", row(1, "c1", "1.00"), row(1, "c1", "2.00")))).isNull();
  }

  @Test
  void shouldRefuseABadMappingAtConfigureNamingTheKey() {
    assertThatThrownBy(() -> configured(Map.of("table.public.orders.identity.column", "")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("table.public.orders.identity.column is missing");
  }

  private static CdcEventTransform configured(Map<String, String> overrides) {
    Map<String, String> config = new HashMap<>(Map.of(
        "source", "postgres:shop",
        "tables", "public.orders",
        "table.public.orders.identity.column", "customer_id",
        "table.public.orders.timestamp.column", "updated_at",
        "table.public.orders.revenue.column", "amount",
        "table.public.orders.event.insert", "order_created",
        "table.public.orders.event.update", "order_updated"));
    config.putAll(overrides);
    CdcEventTransform t = new CdcEventTransform(Clock.fixed(NOW, ZoneOffset.UTC));
    t.configure(config);
    return t;
  }

  private static SourceRecord record(String op, Struct before, Struct after) {
    Struct source = new Struct(SOURCE).put("schema", "public").put("table", "orders").put("lsn", 4242L)
        .put("ts_ms", Instant.parse("2026-11-30T11:59:59Z").toEpochMilli());
    Struct value = new Struct(ENVELOPE).put("before", before).put("after", after).put("source", source).put("op", op);
    Struct row = after != null ? after : before;
    return new SourceRecord(PARTITION, OFFSET, "tributary-postgres.public.orders", KEY, key(row.getInt32("id")),
        ENVELOPE, value);
  }

  private static Struct key(int id) {
    return new Struct(KEY).put("id", id);
  }

  private static Struct row(int id, String customer, String amount) {
    return new Struct(ROW).put("id", id).put("customer_id", customer).put("amount", new BigDecimal(amount))
        .put("updated_at", "2026-11-30T11:00:00Z");
  }
}
