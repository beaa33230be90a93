package dev.tributary.experiments.definition;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole, valid definitions file: who changed it and when (the file's {@code changed_by} and
 * {@code changed_at}; see {@link DefinitionDiff} for how they stamp the change log) and the experiments, in
 * file order, with unique keys.
 *
 * <p>Immutable; thread-safe.
 */
public record Definitions(Optional<String> changedBy, Optional<Instant> changedAt,
    List<ExperimentDefinition> experiments) {

  /** No experiments: what a service knows before its first load. */
  public static final Definitions EMPTY = new Definitions(Optional.empty(), Optional.empty(), List.of());

  public Definitions {
    experiments = List.copyOf(experiments);
  }

  /** The experiments by key, in file order. */
  public Map<String, ExperimentDefinition> byKey() {
    Map<String, ExperimentDefinition> map = new LinkedHashMap<>();
    experiments.forEach(e -> map.putIfAbsent(e.key(), e));
    return map;
  }

  /** The experiments that assign users now. */
  public List<ExperimentDefinition> running() {
    return experiments.stream().filter(ExperimentDefinition::running).toList();
  }
}
