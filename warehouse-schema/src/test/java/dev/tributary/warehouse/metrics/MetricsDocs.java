package dev.tributary.warehouse.metrics;

import java.util.Locale;

/**
 * The metrics reference for analysts, generated from the {@link MetricCatalogue}: a table of every
 * metric, then each metric with its description and SQL. {@code docs/METRICS.md} is this text,
 * kept current by {@link MetricsDocsTest}, its only user (hence test code).
 *
 * <p>Pure; thread-safe.
 */
final class MetricsDocs {

  private MetricsDocs() {}

  static String markdown(MetricCatalogue catalogue) {
    StringBuilder s = new StringBuilder();
    s.append("# Metrics catalogue\n\n")
        .append("Generated from `warehouse-schema/src/main/resources/metrics.yaml` by `MetricsDocsTest`; do not edit")
        .append(" by hand — edit the YAML and regenerate (`./mvnw -pl warehouse-schema test -Dtest=MetricsDocsTest")
        .append(" -Dmetrics.docs.write=true`). Catalogue version `").append(catalogue.version()).append("`.\n\n")
        .append("Every key metric is defined once, with the SQL that computes it. The sink loads the catalogue into")
        .append(" the warehouse each time it starts, so the definition is one query away from the number:\n\n")
        .append("```sql\nSELECT name, grain, owner, sql FROM ").append(MetricDefinitionsTable.VIEW)
        .append(" ORDER BY name\n```\n\n")
        .append("(`").append(MetricDefinitionsTable.TABLE).append("` keeps every load with its `catalogue_version` and")
        .append(" `loaded_at`: what was defined when.) Each SQL returns `period` and `value` first, then any dimension")
        .append(" columns, and runs as it is with the warehouse database as the default database (`clickhouse-client")
        .append(" --database tributary`); wrap it to filter: `SELECT * FROM (<sql>) WHERE period >= today() - 7`.\n\n")
        .append("| metric | grain | unit | owner | what |\n|---|---|---|---|---|\n");
    for (MetricDefinition m : catalogue.metrics()) {
      s.append("| [`").append(m.name()).append("`](#").append(m.name()).append(") | ")
          .append(lower(m.grain())).append(" | ").append(lower(m.unit())).append(" | ").append(m.owner())
          .append(" | ").append(m.title().replace("|", "\\|")).append(" |\n");
    }
    for (MetricDefinition m : catalogue.metrics()) {
      s.append("\n## ").append(m.name()).append("\n\n**").append(m.title()).append("** — grain ")
          .append(lower(m.grain())).append(", unit ").append(lower(m.unit())).append(", owner ").append(m.owner())
          .append(".\n\n").append(m.description()).append("\n\n");
      m.perUnit().ifPresent(p -> s.append("**Experiment metric** (per unit, see docs/EXPERIMENTS.md): ")
          .append(p.kind().code()).append(", y = ").append(measure(p.numerator()))
          .append(p.denominator().map(d -> ", d = " + measure(d)).orElse("")).append(".\n\n"));
      s.append("```sql\n").append(m.sql()).append("\n```\n");
    }
    return s.toString();
  }

  private static String measure(PerUnitMetric.Measure m) {
    return m.aggregate().code() + " of `" + m.event() + "`" + m.property().map(p -> " `properties." + p + "`").orElse("");
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
