package dev.tributary.connect.mapping;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A row change as JSON, the raw payload of its dead letter: enough to see what the database said
 * and where (topic, connector offset, table, operation, key, row images), and to replay it by hand.
 * Stateless and thread-safe.
 */
public final class RowChangeJson {

  private RowChangeJson() {}

  /**
   * @param topic the topic Debezium named for the table
   * @param sourceOffset the connector's offset of the change, as text
   */
  public static String of(RowChange change, String topic, String sourceOffset) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("topic", topic);
    json.put("source_offset", sourceOffset);
    json.put("table", change.table());
    json.put("operation", change.operation().label());
    change.lsn().ifPresent(lsn -> json.put("lsn", lsn));
    json.put("commit_ms", change.commitMillis());
    ObjectNode key = json.putObject("key");
    change.key().forEach(k -> key.set(k.getKey(), JsonValues.of(k.getValue())));
    row(json.putObject("before"), change.before());
    row(json.putObject("after"), change.after());
    return json.toString();
  }

  private static void row(ObjectNode node, Map<String, Object> row) {
    row.forEach((column, value) -> node.set(column, JsonValues.of(value)));
  }
}
