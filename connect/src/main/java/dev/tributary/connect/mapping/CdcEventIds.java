package dev.tributary.connect.mapping;

import dev.tributary.common.event.DerivedEventIds;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The event id of a row change, derived from where the change sits in the database's history so
 * that a change sent twice (the connector restarted before its offset was stored, a snapshot taken
 * again) has the same id both times: the source, the table, the primary key, the operation and the
 * change's log sequence number. A snapshot read has no position of its own, so its id is the
 * source, table and key alone: a second snapshot of an unchanged row yields the same event.
 *
 * <p>Stateless and thread-safe.
 */
public final class CdcEventIds {

  private CdcEventIds() {}

  /** The id of {@code change} captured from {@code source}. */
  public static String of(String source, RowChange change) {
    String key = change.key().stream().map(CdcEventIds::keyPart).collect(Collectors.joining(","));
    String position = change.operation() == Operation.SNAPSHOT || change.lsn().isEmpty()
        ? "snapshot"
        : change.operation().code() + "@" + change.lsn().get();
    String identity = change.table() + "\n" + key + "\n" + position;
    return DerivedEventIds.uuid("cdc", source, identity.getBytes(StandardCharsets.UTF_8));
  }

  private static String keyPart(Map.Entry<String, Object> column) {
    return column.getKey() + "=" + column.getValue();
  }
}
