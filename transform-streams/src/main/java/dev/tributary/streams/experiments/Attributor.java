package dev.tributary.streams.experiments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.common.catalogue.ExperimentTables;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetterReason;
import dev.tributary.experiments.definition.Definitions;
import dev.tributary.experiments.definition.ExperimentDefinition;
import dev.tributary.experiments.definition.Variant;
import dev.tributary.streams.experiments.UnitState.MetricValue;
import dev.tributary.warehouse.metrics.PerUnitMetric;
import dev.tributary.warehouse.metrics.PerUnitMetric.Measure;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The attribution rules as a pure function of a unit's state and one of its clean events (see
 * docs/EXPERIMENTS.md, "Exposures and attribution"):
 *
 * <ul>
 *   <li>An {@code Experiment Viewed} track event (properties {@code experiment_id}, {@code variation_id}) of an
 *       experiment and variation of the definitions in force is an exposure. The unit's first exposure to a
 *       phase attributes it to that variation at the exposure's event time: one unit more in the variation's
 *       exposure cell and in each of the experiment's metric cells (with y = 0).
 *   <li>A later exposure to the same variation changes nothing; one to another variation of the same phase
 *       excludes the unit: its contributions are taken out of every metric cell and it moves from units to
 *       excluded units of its first variation's exposure cell. An excluded unit contributes nothing any more.
 *   <li>An event named by a metric, whose event time lies in [first exposure, first exposure + window), updates
 *       the unit's value of that metric while the attribution is open ({@link Expiry}); the delta of every sum
 *       goes to the cell.
 *   <li>With CUPED on, the first exposure also fixes x, the unit's value of each (non-ratio) metric over the
 *       lookback before it, from the unit's kept contributions ({@link PreExposure}); every metric event adds its
 *       contributions to them, whether or not the unit is exposed to anything yet.
 *   <li>An exposure of a stopped experiment read once the task's stream time is past its stop + grace is
 *       refused: its units' state may have expired.
 *   <li>An exposure naming no experiment or variation, or one the definitions in force do not know, is refused
 *       (a dead letter of stage {@link #STAGE}); the event itself stays a clean event.
 * </ul>
 *
 * <p>Events are judged in the order the task reads them (the unit's order in events.raw): an event read before
 * the unit's exposure attributes nothing, even when its event time is later.
 *
 * <p>Thread-safe: its one mutable field is a volatile memo of the definitions' CUPED metrics.
 */
final class Attributor {

  /** {@code DeadLetter.stage} of refused exposures: apart from the transform stage's own (not a raw record's fate). */
  static final String STAGE = "transform-streams/experiments";
  /** The Segment spec's exposure event. */
  static final String EXPOSURE_EVENT = "Experiment Viewed";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ExperimentRules rules;
  private final Set<String> metricEvents;
  private final PreExposure preExposure;
  private final Expiry expiry;
  /** The CUPED metrics of the last definitions seen: they change only when the file does. */
  private volatile CupedMetrics cupedMetrics = new CupedMetrics(null, Set.of());

  private record CupedMetrics(Definitions of, Set<String> names) {}

  Attributor(ExperimentRules rules) {
    this.rules = rules;
    this.metricEvents = rules.metricEvents();
    this.preExposure = new PreExposure(rules);
    this.expiry = new Expiry(rules);
  }

  /** The outcome for one event. */
  sealed interface Outcome permits Attributed, Refused {}

  /** The unit's new state and the deltas to add to cells (possibly none). */
  record Attributed(UnitState state, List<Map.Entry<Cell, CellDelta>> deltas) implements Outcome {
    Attributed {
      deltas = List.copyOf(deltas);
    }
  }

  /** An exposure that cannot be attributed: the dead letter's reason, field and detail. */
  record Refused(DeadLetterReason reason, String field, String detail) implements Outcome {}

  /** True when {@code event} may change some unit's state: an exposure, or an event a metric counts. */
  boolean concerns(CleanEvent event) {
    return isExposure(event) || metricEvents.contains(event.getEvent());
  }

  /**
   * Judges one event of the unit whose state is {@code state}, against the definitions in force, at the task's
   * stream time {@code streamTime} (the largest event time it has read, this event's included).
   */
  Outcome apply(UnitState state, CleanEvent event, Optional<Definitions> definitions, long streamTime) {
    List<Map.Entry<Cell, CellDelta>> deltas = new ArrayList<>();
    long at = event.getTimestamp().toEpochMilli();
    Properties properties = new Properties(event.getProperties());
    UnitState s = state;
    if (definitions.isPresent() && isExposure(event)) {
      Outcome exposed = expose(s, at, properties, definitions.get(), deltas, streamTime);
      if (exposed instanceof Refused) {
        return exposed;
      }
      s = ((Attributed) exposed).state();
    }
    if (metricEvents.contains(event.getEvent())) {
      s = count(s, event.getEvent(), at, properties, deltas, streamTime);
      Set<String> cuped = cupedMetrics(definitions);
      if (!cuped.isEmpty() || !s.preEvents().isEmpty()) {
        s = s.withPreEvents(preExposure.record(s.preEvents(), event.getEvent(), at, properties::number, cuped,
            streamTime));
      }
    }
    return new Attributed(s, deltas);
  }

  /** What is left of {@code state} at {@code streamTime}: see {@link Expiry}. */
  UnitState expire(UnitState state, long streamTime, Optional<Definitions> definitions) {
    return expiry.expire(state, streamTime, definitions);
  }

  private Set<String> cupedMetrics(Optional<Definitions> definitions) {
    Definitions d = definitions.orElse(null);
    CupedMetrics c = cupedMetrics;
    if (c.of() != d) {
      c = new CupedMetrics(d, preExposure.cupedMetrics(definitions));
      cupedMetrics = c;
    }
    return c.names();
  }

  /** True for the events that can expose a unit. */
  static boolean isExposure(CleanEvent event) {
    return "track".equals(event.getType()) && EXPOSURE_EVENT.equals(event.getEvent());
  }

  private Outcome expose(UnitState s, long at, Properties properties, Definitions definitions,
      List<Map.Entry<Cell, CellDelta>> deltas, long streamTime) {
    Optional<String> experimentId = properties.text("experiment_id");
    Optional<String> variationId = properties.text("variation_id");
    if (experimentId.isEmpty() || variationId.isEmpty()) {
      String field = experimentId.isEmpty() ? "experiment_id" : "variation_id";
      return new Refused(DeadLetterReason.MISSING_FIELD, "properties." + field,
          "an Experiment Viewed event needs properties." + field + " (text) to be attributed");
    }
    ExperimentDefinition d = definitions.byKey().get(experimentId.get());
    if (d == null) {
      return new Refused(DeadLetterReason.UNKNOWN_EXPERIMENT, "properties.experiment_id",
          "experiment '" + experimentId.get() + "' is not in the experiment definitions in force (known: "
              + String.join(", ", definitions.byKey().keySet()) + ")");
    }
    String variation = variationId.get();
    if (d.variants().stream().noneMatch(v -> v.id().equals(variation))) {
      return new Refused(DeadLetterReason.UNKNOWN_EXPERIMENT, "properties.variation_id",
          "experiment '" + d.key() + "' (phase " + d.phase() + ") has no variation '" + variation + "' (its variations: "
              + d.variants().stream().map(Variant::id).collect(Collectors.joining(", ")) + ")");
    }
    if (expiry.exposuresOver(d, streamTime)) {
      return new Refused(DeadLetterReason.UNKNOWN_EXPERIMENT, "properties.experiment_id",
          "experiment '" + d.key() + "' (phase " + d.phase() + ") stopped at " + d.stop().orElseThrow()
              + "; exposures read more than experiments.grace.ms (" + rules.grace() + ") after the stop are not"
              + " attributed (its units' attributions may have expired)");
    }
    Optional<UnitState.Attribution> current = s.attribution(d.key()).filter(a -> a.phase() == d.phase());
    if (current.isEmpty()) {
      List<MetricValue> values = metricsOf(d, rules.metrics().keySet()).stream()
          .map(m -> new MetricValue(m, 0, 0, preExposure.covariate(s.preEvents(), m, at, streamTime))).toList();
      deltas.add(Map.entry(exposureCell(d.key(), d.phase(), variation), CellDelta.exposed(at)));
      for (MetricValue v : values) {
        deltas.add(Map.entry(new Cell(d.key(), d.phase(), variation, v.metric()),
            CellDelta.change(kind(v.metric()), 1, 0, 0, 0, 0, 0, v.x())));
      }
      return new Attributed(s.with(d.key(), new UnitState.Attribution(d.phase(), variation, at, false, values)),
          List.of());
    }
    UnitState.Attribution a = current.get();
    if (a.excluded() || a.variation().equals(variation)) {
      return new Attributed(s, List.of());
    }
    deltas.add(Map.entry(exposureCell(d.key(), a.phase(), a.variation()), CellDelta.excludedUnit()));
    for (MetricValue v : a.values()) {
      deltas.add(Map.entry(new Cell(d.key(), a.phase(), a.variation(), v.metric()),
          CellDelta.change(kind(v.metric()), -1, v.y(), v.d(), v.x(), 0, 0, 0)));
    }
    return new Attributed(s.with(d.key(), a.exclude()), List.of());
  }

  private UnitState count(UnitState s, String name, long at, Properties properties,
      List<Map.Entry<Cell, CellDelta>> deltas, long streamTime) {
    UnitState out = s;
    long window = rules.attributionWindow().toMillis();
    for (Map.Entry<String, UnitState.Attribution> e : s.attributions().entrySet()) {
      UnitState.Attribution a = e.getValue();
      if (a.excluded() || at < a.exposedAtMs() || at - a.exposedAtMs() >= window || !expiry.open(a, streamTime)) {
        continue;
      }
      List<MetricValue> values = new ArrayList<>(a.values().size());
      boolean changed = false;
      for (MetricValue v : a.values()) {
        PerUnitMetric m = rules.metrics().get(v.metric());
        if (m == null) {
          values.add(v);
          continue;
        }
        double y = update(m.numerator(), v.y(), name, properties);
        double d = m.denominator().map(den -> update(den, v.d(), name, properties)).orElse(v.d());
        if (y != v.y() || d != v.d()) {
          deltas.add(Map.entry(new Cell(e.getKey(), a.phase(), a.variation(), v.metric()),
              CellDelta.change(m.kind().code(), 0, v.y(), v.d(), v.x(), y, d, v.x())));
          changed = true;
        }
        values.add(new MetricValue(v.metric(), y, d, v.x()));
      }
      if (changed) {
        out = out.with(e.getKey(), a.withValues(values));
      }
    }
    return out;
  }

  private static double update(Measure measure, double value, String name, Properties properties) {
    if (!measure.event().equals(name)) {
      return value;
    }
    return switch (measure.aggregate()) {
      case ANY -> 1;
      case COUNT -> value + 1;
      case SUM -> value + properties.number(measure.property().orElseThrow());
    };
  }

  /** The experiment's primary and guardrail metrics that the catalogue can compute, each once, in that order. */
  static List<String> metricsOf(ExperimentDefinition d, Set<String> computable) {
    Set<String> names = new LinkedHashSet<>();
    d.primaryMetric().ifPresent(names::add);
    names.addAll(d.guardrailMetrics());
    names.retainAll(computable);
    return List.copyOf(names);
  }

  static Cell exposureCell(String experimentKey, int phase, String variation) {
    return new Cell(experimentKey, phase, variation, ExperimentTables.EXPOSURE_CELL);
  }

  private String kind(String metric) {
    return rules.metrics().get(metric).kind().code();
  }

  /** The event's properties, parsed at most once and only when a rule reads them. */
  private static final class Properties {

    private final String json;
    private JsonNode parsed;

    Properties(String json) {
      this.json = json;
    }

    Optional<String> text(String field) {
      JsonNode v = node().get(field);
      return v != null && (v.isTextual() || v.isNumber()) && !v.asText().isBlank()
          ? Optional.of(v.asText()) : Optional.empty();
    }

    /** The property as a finite number; 0 when it is absent or not a finite number. */
    double number(String field) {
      JsonNode v = node().get(field);
      return v != null && v.isNumber() && Double.isFinite(v.asDouble()) ? v.asDouble() : 0;
    }

    private JsonNode node() {
      if (parsed == null) {
        try {
          parsed = JSON.readTree(json == null || json.isBlank() ? "{}" : json);
        } catch (JsonProcessingException e) {
          parsed = JSON.createObjectNode(); // the normaliser only lets objects through; never reached
        }
        if (!parsed.isObject()) {
          parsed = JSON.createObjectNode();
        }
      }
      return parsed;
    }
  }
}
