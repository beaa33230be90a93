package dev.tributary.connect.mapping;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.common.time.Iso8601;
import dev.tributary.events.DeadLetterReason;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a {@link RowChange} into a Tributary event under a {@link CdcMapping}: the event name of
 * its operation, the identity, the event time, the properties and the revenue, and an id derived
 * from the change's position ({@link CdcEventIds}). The event is a track call of the same shape an
 * SDK sends, so the stream processor validates, dedupes and normalises it like any other.
 *
 * <p>Pure; immutable and thread-safe.
 */
public final class ChangeMapper {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final CdcMapping mapping;
  private final String source;

  /** @param source the events' source, e.g. {@code postgres:shop} */
  public ChangeMapper(CdcMapping mapping, String source) {
    this.mapping = Objects.requireNonNull(mapping, "mapping");
    this.source = Objects.requireNonNull(source, "source");
  }

  public String source() {
    return source;
  }

  /** What {@code change} becomes. */
  public MappingResult map(RowChange change) {
    Optional<TableMapping> table = mapping.table(change.table());
    if (table.isEmpty()) {
      return new MappingResult.NotAnEvent("table " + change.table() + " is not mapped");
    }
    Optional<String> name = table.get().eventName(change.operation());
    if (name.isEmpty()) {
      return new MappingResult.NotAnEvent(change.operation().label() + " of " + change.table() + " is not mapped");
    }
    String eventId = CdcEventIds.of(source, change);
    try {
      return event(table.get(), name.get(), eventId, change);
    } catch (Unmappable e) {
      return new MappingResult.Unmappable(e.reason, Optional.of(e.column), e.getMessage(), eventId);
    }
  }

  private MappingResult.Event event(TableMapping t, String name, String eventId, RowChange change) {
    String identity = identity(t, change);
    ObjectNode event = JSON.objectNode();
    event.put("type", "track");
    event.put("event", name);
    event.put("event_id", eventId);
    event.put(t.identityField(), identity);
    event.put("timestamp", eventTime(t, change).toString());
    ObjectNode properties = event.putObject("properties");
    for (String column : t.propertyColumns()) {
      properties.set(column, JsonValues.of(column(t, change, column)));
    }
    t.revenueColumn().flatMap(column -> revenue(column, column(t, change, column)))
        .ifPresent(revenue -> properties.put("revenue", revenue));
    ObjectNode cdc = event.putObject("context").putObject("cdc");
    cdc.put("table", change.table());
    cdc.put("operation", change.operation().label());
    change.lsn().ifPresent(lsn -> cdc.put("lsn", lsn));
    ObjectNode key = cdc.putObject("key");
    change.key().forEach(k -> key.set(k.getKey(), JsonValues.of(k.getValue())));
    return new MappingResult.Event(identity, eventId, event.toString());
  }

  private static String identity(TableMapping t, RowChange change) {
    Object value = column(t, change, t.identityColumn());
    String text = value == null ? "" : JsonValues.text(value).strip();
    if (text.isEmpty()) {
      throw new Unmappable(DeadLetterReason.MISSING_FIELD, t.identityColumn(), "identity column "
          + t.identityColumn() + " of " + change.table() + " is null or blank: the event has no " + t.identityField());
    }
    return text;
  }

  private static Instant eventTime(TableMapping t, RowChange change) {
    if (t.timestampColumn().isEmpty()) {
      return Instant.ofEpochMilli(change.commitMillis());
    }
    String column = t.timestampColumn().get();
    Object value = column(t, change, column);
    if (value == null) {
      return Instant.ofEpochMilli(change.commitMillis());
    }
    if (value instanceof Instant instant) {
      return instant;
    }
    if (value instanceof String text) {
      try {
        return Iso8601.parseOffsetDateTime(text);
      } catch (DateTimeException e) {
        throw new Unmappable(DeadLetterReason.INVALID_FIELD, column, "timestamp column " + column + " of "
            + change.table() + " holds '" + text + "', not an ISO-8601 time with offset");
      }
    }
    throw new Unmappable(DeadLetterReason.INVALID_FIELD, column, "timestamp column " + column + " of "
        + change.table() + " holds a " + value.getClass().getSimpleName() + ": map a timestamp or timestamptz column");
  }

  private static Optional<BigDecimal> revenue(String column, Object value) {
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof BigDecimal decimal) {
      return Optional.of(decimal);
    }
    if (value instanceof Number || value instanceof String) {
      try {
        return Optional.of(new BigDecimal(value.toString().strip()));
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
    }
    throw new Unmappable(DeadLetterReason.INVALID_FIELD, column, "revenue column " + column + " holds '"
        + value + "', not a number");
  }

  /** A column of the change's row image; a column absent from the image is an error that says why it may be. */
  private static Object column(TableMapping t, RowChange change, String column) {
    Map<String, Object> row = change.image();
    if (!row.containsKey(column)) {
      String hint = change.operation() == Operation.DELETE
          ? ": a delete carries only the key unless the table has REPLICA IDENTITY FULL (ALTER TABLE "
              + change.table() + " REPLICA IDENTITY FULL)"
          : "";
      throw new Unmappable(DeadLetterReason.MISSING_FIELD, column, "column " + column + " is absent from the "
          + change.operation().label() + " of " + change.table() + hint);
    }
    return row.get(column);
  }

  /** Control flow inside {@link #map}: never escapes it. */
  private static final class Unmappable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient DeadLetterReason reason;
    private final String column;

    Unmappable(DeadLetterReason reason, String column, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
      this.column = column;
    }
  }
}
