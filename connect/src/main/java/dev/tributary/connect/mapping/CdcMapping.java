package dev.tributary.connect.mapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which tables' changes become events, and how: parsed once from flat keys (a properties file, or
 * the SMT's configuration, which carries the same keys so every Connect worker reads one mapping).
 *
 * <pre>
 * tables=public.orders
 * table.public.orders.identity.column=customer_id
 * table.public.orders.identity.field=user_id          # or anonymous_id; default user_id
 * table.public.orders.timestamp.column=updated_at     # default: the commit time
 * table.public.orders.properties=status,currency      # default: none
 * table.public.orders.revenue.column=amount           # default: none
 * table.public.orders.event.insert=order_created
 * table.public.orders.event.update=order_updated
 * table.public.orders.event.delete=order_deleted
 * table.public.orders.event.snapshot=order_created    # default: the insert's name
 * </pre>
 *
 * <p>{@link #parse} reports every problem at once. Keys outside {@code tables} and {@code table.*}
 * are ignored (they belong to the SMT or the connector). Immutable; thread-safe.
 *
 * @param tables the mapped tables, in the order listed
 */
public record CdcMapping(List<TableMapping> tables) {

  /** The key listing the mapped tables. */
  public static final String TABLES = "tables";
  /** The prefix of every per-table key. */
  public static final String TABLE_PREFIX = "table.";
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
  private static final Set<String> IDENTITY_FIELDS = Set.of("user_id", "anonymous_id");
  private static final Set<String> ATTRIBUTES = Set.of("identity.column", "identity.field", "timestamp.column",
      "properties", "revenue.column", "event.snapshot", "event.insert", "event.update", "event.delete");

  public CdcMapping {
    tables = List.copyOf(tables);
  }

  /** The mapping of {@code table} ({@code schema.table}), if it is mapped. */
  public Optional<TableMapping> table(String table) {
    return tables.stream().filter(t -> t.table().equals(table)).findFirst();
  }

  /**
   * Parses the mapping from {@code keys}.
   *
   * @throws MappingException listing every problem found, each naming its key
   */
  public static CdcMapping parse(Map<String, String> keys) {
    List<String> problems = new ArrayList<>();
    Map<String, Map<String, String>> byTable = new LinkedHashMap<>();
    List<String> listed = list(keys.get(TABLES));
    if (listed.isEmpty()) {
      problems.add(TABLES + " is missing or empty: list the tables to capture as schema.table, comma separated");
    }
    for (String table : listed) {
      if (!isTableName(table)) {
        problems.add(TABLES + ": '" + table + "' is not schema.table (identifiers of letters, digits and _)");
      } else if (byTable.putIfAbsent(table, new TreeMap<>()) != null) {
        problems.add(TABLES + ": '" + table + "' is listed twice");
      }
    }
    new TreeMap<>(keys).forEach((key, value) -> {
      if (!key.startsWith(TABLE_PREFIX)) {
        return;
      }
      String rest = key.substring(TABLE_PREFIX.length());
      String[] parts = rest.split("\\.", 3);
      String table = parts.length == 3 ? parts[0] + "." + parts[1] : rest;
      if (parts.length < 3 || !byTable.containsKey(table)) {
        problems.add(key + ": table '" + table + "' is not listed in " + TABLES);
      } else if (!ATTRIBUTES.contains(parts[2])) {
        problems.add(key + ": unknown setting '" + parts[2] + "' (one of " + sorted(ATTRIBUTES) + ")");
      } else {
        byTable.get(table).put(parts[2], value.strip());
      }
    });
    List<TableMapping> tables = new ArrayList<>();
    byTable.forEach((table, attributes) -> tableMapping(table, attributes, problems).ifPresent(tables::add));
    if (!problems.isEmpty()) {
      throw new MappingException(problems);
    }
    return new CdcMapping(tables);
  }

  private static Optional<TableMapping> tableMapping(String table, Map<String, String> a, List<String> problems) {
    String prefix = TABLE_PREFIX + table + ".";
    int before = problems.size();
    String identity = a.getOrDefault("identity.column", "");
    if (identity.isEmpty()) {
      problems.add(prefix + "identity.column is missing: name the column holding the user (or anonymous) id");
    }
    String identityField = a.getOrDefault("identity.field", "user_id");
    if (!IDENTITY_FIELDS.contains(identityField)) {
      problems.add(prefix + "identity.field: '" + identityField + "' must be one of " + sorted(IDENTITY_FIELDS));
    }
    Map<Operation, String> events = new LinkedHashMap<>();
    for (Operation op : Operation.values()) {
      String name = a.get("event." + op.label());
      if (name != null && !name.isEmpty()) {
        events.put(op, name);
      }
    }
    if (!a.containsKey("event.snapshot") && events.containsKey(Operation.INSERT)) {
      events.put(Operation.SNAPSHOT, events.get(Operation.INSERT));
    }
    if (events.isEmpty()) {
      problems.add(prefix + "event.* : no operation is mapped to an event name (event.insert, event.update, event.delete)");
    }
    Optional<String> timestamp = optional(a.get("timestamp.column"));
    Optional<String> revenue = optional(a.get("revenue.column"));
    List<String> properties = list(a.get("properties"));
    List<String> columns = new ArrayList<>(properties);
    if (!identity.isEmpty()) {
      columns.add(identity);
    }
    timestamp.ifPresent(columns::add);
    revenue.ifPresent(columns::add);
    for (String column : columns) {
      if (!IDENTIFIER.matcher(column).matches()) {
        problems.add(prefix + ": '" + column + "' is not a column name");
      }
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new TableMapping(table, events, identity, identityField, timestamp, properties, revenue));
  }

  private static boolean isTableName(String table) {
    String[] parts = table.split("\\.", -1);
    return parts.length == 2 && IDENTIFIER.matcher(parts[0]).matches() && IDENTIFIER.matcher(parts[1]).matches();
  }

  private static Optional<String> optional(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  private static List<String> list(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static String sorted(Set<String> values) {
    return String.join(", ", values.stream().sorted().toList());
  }
}
