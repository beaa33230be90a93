package dev.tributary.warehouse.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.warehouse.metrics.PerUnitMetric.Aggregate;
import dev.tributary.warehouse.metrics.PerUnitMetric.Kind;
import dev.tributary.warehouse.metrics.PerUnitMetric.Measure;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and checks a metric's {@code per_unit} block, adding every problem to the catalogue's list (so the
 * whole file is reported at once):
 *
 * <pre>
 * per_unit:
 *   kind: proportion | mean | ratio
 *   event: purchase                # the event name whose events make y
 *   aggregate: any | count | sum   # proportion: any (the default); mean and ratio: count or sum
 *   property: revenue              # with sum only: the properties key to add up
 *   denominator:                   # ratio only: what d counts or sums
 *     event: page_viewed
 *     aggregate: count | sum
 *     property: ...                # with sum only
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
final class PerUnitReader {

  static final String FIELD = "per_unit";
  private static final Set<String> FIELDS = Set.of("kind", "event", "aggregate", "property", "denominator");
  private static final Set<String> DENOMINATOR_FIELDS = Set.of("event", "aggregate", "property");

  private PerUnitReader() {}

  /** The block of {@code node} (absent: empty); {@code where} names the metric in problems. */
  static Optional<PerUnitMetric> read(JsonNode node, String where, List<String> problems) {
    JsonNode block = node.get(FIELD);
    if (block == null || block.isNull()) {
      return Optional.empty();
    }
    String at = where + ": " + FIELD;
    if (!block.isObject()) {
      problems.add(at + " must be a mapping of " + sorted(FIELDS));
      return Optional.empty();
    }
    int before = problems.size();
    unknown(block, FIELDS, at, problems);
    Kind kind = choice(block, "kind", Kind.class, at, problems, null);
    Aggregate defaultAggregate = kind == Kind.PROPORTION ? Aggregate.ANY : null;
    Measure numerator = measure(block, at, problems, defaultAggregate);
    JsonNode d = block.get("denominator");
    Optional<Measure> denominator = Optional.empty();
    if (kind != null && kind != Kind.RATIO && d != null) {
      problems.add(at + ".denominator is for kind ratio only, not " + kind.code());
    } else if (kind == Kind.RATIO && (d == null || !d.isObject())) {
      problems.add(at + ".denominator is required for kind ratio: a mapping of " + sorted(DENOMINATOR_FIELDS));
    } else if (kind == Kind.RATIO) {
      unknown(d, DENOMINATOR_FIELDS, at + ".denominator", problems);
      denominator = Optional.ofNullable(measure(d, at + ".denominator", problems, null));
      denominator.filter(m -> m.aggregate() == Aggregate.ANY).ifPresent(m ->
          problems.add(at + ".denominator.aggregate must be count or sum, not any"));
    }
    if (kind == Kind.PROPORTION && numerator != null && numerator.aggregate() != Aggregate.ANY) {
      problems.add(at + ".aggregate must be any for kind proportion (a unit converts or not), not "
          + numerator.aggregate().code());
    }
    if ((kind == Kind.MEAN || kind == Kind.RATIO) && numerator != null && numerator.aggregate() == Aggregate.ANY) {
      problems.add(at + ".aggregate must be count or sum for kind " + kind.code() + " (a 0/1 value is kind proportion)");
    }
    if (problems.size() > before || kind == null || numerator == null) {
      return Optional.empty();
    }
    return Optional.of(new PerUnitMetric(kind, numerator, denominator));
  }

  private static Measure measure(JsonNode node, String at, List<String> problems, Aggregate defaultAggregate) {
    String event = MetricCatalogue.text(node, "event", at, problems);
    Aggregate aggregate = choice(node, "aggregate", Aggregate.class, at, problems, defaultAggregate);
    JsonNode p = node.get("property");
    Optional<String> property = Optional.empty();
    if (p != null && !p.isNull()) {
      if (!p.isTextual() || p.asText().isBlank()) {
        problems.add(at + ".property must be non-empty text");
        return null;
      }
      property = Optional.of(p.asText());
    }
    if (aggregate == Aggregate.SUM && property.isEmpty()) {
      problems.add(at + ".property is required with aggregate sum: the properties key to add up");
      return null;
    }
    if (aggregate != null && aggregate != Aggregate.SUM && property.isPresent()) {
      problems.add(at + ".property is for aggregate sum only, not " + aggregate.code());
      return null;
    }
    return event == null || aggregate == null ? null : new Measure(event, aggregate, property);
  }

  private static <E extends Enum<E>> E choice(JsonNode node, String field, Class<E> type, String at,
      List<String> problems, E defaultValue) {
    JsonNode value = node.get(field);
    if ((value == null || value.isNull()) && defaultValue != null) {
      return defaultValue;
    }
    return MetricCatalogue.choice(node, field, type, at, problems);
  }

  private static void unknown(JsonNode node, Set<String> fields, String at, List<String> problems) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!fields.contains(field)) {
        problems.add(at + ": unknown field `" + field + "` (expected " + sorted(fields) + ")");
      }
    }
  }

  private static String sorted(Set<String> fields) {
    return String.join(", ", fields.stream().sorted().toList());
  }
}
