package dev.tributary.warehouse.schema;

import dev.tributary.common.catalogue.Column;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.WarehouseTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides how tables created by an earlier version of the sink are brought to the shape this
 * version writes, from what {@code system.columns} reports. Kept apart from the ClickHouse adapter
 * so that the decision (add or stop) is unit-tested without a server. Views are brought up to date
 * afterwards, by {@link ViewDefinitions}.
 *
 * <ul>
 *   <li>a missing <b>nullable</b> column is added ({@link AddColumn}): rows already written read
 *       NULL there, which is the truth (the field did not exist when they were written);
 *   <li>a missing column of any other type, or a column of another type than expected, stops the
 *       sink ({@link Incompatible}): filling old rows with a made-up {@code ''} or {@code 0}, or
 *       converting a column, is a migration for a person to decide. Nothing is altered then,
 *       not even the columns that could be added;
 *   <li>extra columns are left alone: a newer sink version may have added
 *       them.
 * </ul>
 *
 * <p>Pure; thread-safe.
 */
public final class SchemaEvolution {

  private SchemaEvolution() {}

  /** The result of {@link #plan}. */
  public sealed interface Plan permits Evolve, Incompatible {}

  /**
   * The tables can be written after these changes (none when they already match).
   *
   * @param additions columns to add, in order (each one's predecessor exists or is added before it)
   */
  public record Evolve(List<AddColumn> additions) implements Plan {
    public Evolve {
      additions = List.copyOf(additions);
    }

    /** True when the tables already have every expected column. */
    public boolean upToDate() {
      return additions.isEmpty();
    }
  }

  /** The tables cannot be written without a manual migration; {@code problems} say why, one per column. */
  public record Incompatible(List<String> problems) implements Plan {
    public Incompatible {
      problems = List.copyOf(problems);
    }
  }

  /**
   * One {@code ALTER TABLE ... ADD COLUMN}. The column goes after {@code after} so an evolved table
   * has the same column order as a freshly created one ({@code SELECT *} looks the same).
   */
  public record AddColumn(WarehouseTable table, Column column, String after) {
    public AddColumn {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(after, "after");
    }

    /**
     * The statement, without {@code IF NOT EXISTS} (ClickHouse 18.16 lacks it): the caller knows
     * the column was missing and re-checks when a concurrent sink instance added it first.
     */
    public String sql(String database) {
      return "ALTER TABLE " + Sql.qualified(database, table.name()) + " ADD COLUMN "
          + Sql.identifier(column.name()) + " " + column.type().sql() + " AFTER " + Sql.identifier(after);
    }

    /** {@code events.traits Nullable(String)}, for logs. */
    public String describe() {
      return table.name() + "." + column.name() + " " + column.type().sql();
    }
  }

  /**
   * @param existing what {@code system.columns} reports for the sink's tables: table name → column
   *     name → type as reported (e.g. {@code DateTime('UTC')}); a table that does not exist is absent
   */
  public static Plan plan(Map<String, Map<String, String>> existing) {
    List<String> problems = new ArrayList<>();
    List<AddColumn> additions = new ArrayList<>();
    for (WarehouseTable table : Datasets.tables()) {
      Map<String, String> actual = existing.getOrDefault(table.name(), Map.of());
      String previous = null;
      for (Column c : table.columns()) {
        String type = actual.get(c.name());
        String where = table.name() + "." + c.name();
        if (type == null && c.type().nullable() && previous != null) {
          additions.add(new AddColumn(table, c, previous));
        } else if (type == null) {
          problems.add(where + " is missing (expected " + c.type().sql()
              + "; only nullable columns are added automatically)");
        } else if (!hasExpectedType(c, type)) {
          problems.add(where + " is " + type + ", expected " + c.type().sql());
        }
        previous = c.name();
      }
    }
    if (!problems.isEmpty()) {
      return new Incompatible(problems);
    }
    return new Evolve(additions);
  }

  /** Whether {@code reported} (as {@code system.columns} says) is the type {@code column} expects. */
  public static boolean hasExpectedType(Column column, String reported) {
    return reported != null
        && TableDdl.normaliseType(reported).equals(TableDdl.normaliseType(column.type().sql()));
  }
}
