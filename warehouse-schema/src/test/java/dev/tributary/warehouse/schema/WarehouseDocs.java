package dev.tributary.warehouse.schema;

import dev.tributary.common.catalogue.Column;
import dev.tributary.common.catalogue.Dataset;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.common.catalogue.WarehouseView;

/**
 * The warehouse reference for its readers (analysts, the console, reconciliation), generated from
 * the catalogue: per dataset its topic and key, then its table's columns with types and
 * descriptions, engine and keys, and its views. {@code docs/WAREHOUSE.md} is this text, kept current
 * by {@link WarehouseDocsTest}, its only user (hence test code).
 *
 * <p>Pure; thread-safe.
 */
final class WarehouseDocs {

  private WarehouseDocs() {}

  static String markdown() {
    StringBuilder s = new StringBuilder();
    s.append("# Warehouse reference\n\n")
        .append("Generated from the dataset catalogue (`service-common`, `Datasets`) by `WarehouseDocsTest`;")
        .append(" do not edit by hand. Database `tributary` by default. Query the views: they read their table")
        .append(" `FINAL`, so every row counts once even before ClickHouse merges duplicates or updates away.\n\n")
        .append("| dataset | topic (config key) | key | written by | table | views |\n")
        .append("|---|---|---|---|---|---|\n");
    for (Dataset<?> d : Datasets.ALL) {
      s.append("| ").append(d.name()).append(" | `").append(d.topic().defaultName()).append("` (`")
          .append(d.topic().configKey()).append("`) | ").append(d.key().doc().replace("|", "\\|").replace("<", "\\<")).append(" | ")
          .append(String.join(", ", d.producers().stream().map(p -> p.name().toLowerCase(java.util.Locale.ROOT)).toList()))
          .append(" | ")
          .append(d.table().map(t -> "`" + t.name() + "`").orElse("not loaded")).append(" | ")
          .append(d.table().map(t -> String.join(", ", t.views().stream().map(v -> "`" + v.name() + "`").toList()))
              .orElse(""))
          .append(" |\n");
    }
    for (WarehouseTable t : Datasets.tables()) {
      s.append("\n## `").append(t.name()).append("`\n\n").append(t.doc()).append("\n\n")
          .append("Engine `").append(TableDdl.engine(t)).append("`.\n\n")
          .append("| column | type | description |\n|---|---|---|\n");
      for (Column c : t.columns()) {
        s.append("| `").append(c.name()).append("` | `").append(c.type().sql()).append("` | ")
            .append(c.doc().replace("|", "\\|")).append(" |\n");
      }
      for (WarehouseView v : t.views()) {
        s.append("\nView `").append(v.name()).append("`: ").append(v.doc()).append(". Columns: ")
            .append(v.selectsAll() ? "all of `" + t.name() + "`" : String.join(", ", v.columns())).append(".\n");
      }
    }
    return s.toString();
  }
}
