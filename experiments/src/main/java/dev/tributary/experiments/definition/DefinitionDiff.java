package dev.tributary.experiments.definition;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The change log of the definitions file, as a pure function of two versions of it: what was created,
 * removed, ramped, started, stopped or edited, one {@link DefinitionChange} per field that changed.
 *
 * <p><b>Author and time.</b> A change is stamped with the experiment's {@code changed_by}, else the file's
 * {@code changed_by}, else {@code unknown}; and with the file's {@code changed_at}, else the time the caller
 * passes (the ingest service passes the file's modification time). Both survive a restart unchanged.
 *
 * <p><b>Ids.</b> A change's id is {@code key:phase:hash}, the hash (SHA-256, 16 hex digits) over its kind,
 * field, from, to, author and time: the same edit seen twice has the same id, and a ramp that is undone and
 * redone later is two changes because its time differs.
 *
 * <p>Thread-safe: stateless.
 */
public final class DefinitionDiff {

  private static final String UNKNOWN_AUTHOR = "unknown";
  /** The fields compared, in log order, each rendered as the change log shows it. */
  private static final Map<String, Function<ExperimentDefinition, Optional<String>>> FIELDS = fields();

  private DefinitionDiff() {}

  /** The changes from {@code before} to {@code after}, in the order of {@code after}'s file, removals last. */
  public static List<DefinitionChange> between(Definitions before, Definitions after, Instant fileTime) {
    Instant at = after.changedAt().orElse(fileTime);
    Map<String, ExperimentDefinition> old = before.byKey();
    List<DefinitionChange> changes = new ArrayList<>();
    for (ExperimentDefinition e : after.experiments()) {
      String author = author(e, after);
      ExperimentDefinition previous = old.get(e.key());
      if (previous == null) {
        changes.add(change(e.key(), e.phase(), ChangeKind.CREATED, "*", Optional.empty(),
            Optional.of(summary(e)), author, at));
        continue;
      }
      FIELDS.forEach((field, render) -> {
        Optional<String> from = render.apply(previous);
        Optional<String> to = render.apply(e);
        if (!from.equals(to)) {
          changes.add(change(e.key(), e.phase(), kind(field), field, from, to, author, at));
        }
      });
    }
    Map<String, ExperimentDefinition> kept = after.byKey();
    before.experiments().stream().filter(e -> !kept.containsKey(e.key())).forEach(e -> changes.add(
        change(e.key(), e.phase(), ChangeKind.REMOVED, "*", Optional.of(summary(e)), Optional.empty(),
            after.changedBy().orElse(UNKNOWN_AUTHOR), at)));
    return changes;
  }

  /**
   * One {@link ChangeKind#SNAPSHOT} per experiment: what a service logs on its first load, when it cannot
   * know what changed while it was down. Re-reading the same file gives the same ids, so restarts add nothing.
   */
  public static List<DefinitionChange> snapshot(Definitions definitions, Instant fileTime) {
    Instant at = definitions.changedAt().orElse(fileTime);
    return definitions.experiments().stream().map(e -> change(e.key(), e.phase(), ChangeKind.SNAPSHOT, "*",
        Optional.empty(), Optional.of(summary(e)), author(e, definitions), at)).toList();
  }

  /** The experiment in one line: every compared field, {@code field=value}. */
  static String summary(ExperimentDefinition e) {
    return FIELDS.entrySet().stream()
        .map(f -> f.getKey() + "=" + f.getValue().apply(e).orElse("-"))
        .collect(Collectors.joining("; "));
  }

  private static String author(ExperimentDefinition e, Definitions file) {
    return e.changedBy().or(file::changedBy).orElse(UNKNOWN_AUTHOR);
  }

  private static ChangeKind kind(String field) {
    return switch (field) {
      case "status" -> ChangeKind.STATUS_CHANGED;
      case "coverage" -> ChangeKind.COVERAGE_CHANGED;
      case "phase" -> ChangeKind.PHASE_STARTED;
      case "seed" -> ChangeKind.SEED_CHANGED;
      case "variants" -> ChangeKind.WEIGHTS_CHANGED;
      default -> ChangeKind.UPDATED;
    };
  }

  private static DefinitionChange change(String key, int phase, ChangeKind kind, String field,
      Optional<String> from, Optional<String> to, String author, Instant at) {
    String content = String.join("\u0000", kind.code(), field, from.orElse("\u0001"), to.orElse("\u0001"),
        author, at.toString());
    return new DefinitionChange(key + ":" + phase + ":" + sha256(content).substring(0, 16), key, phase, kind,
        field, from, to, author, at);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static Map<String, Function<ExperimentDefinition, Optional<String>>> fields() {
    Map<String, Function<ExperimentDefinition, Optional<String>>> f = new LinkedHashMap<>();
    f.put("status", e -> Optional.of(e.status().code()));
    f.put("phase", e -> Optional.of(Integer.toString(e.phase())));
    f.put("seed", e -> Optional.of(e.seed()));
    f.put("coverage", e -> Optional.of(number(e.coverage())));
    f.put("variants", e -> Optional.of(e.variants().stream().map(v -> v.id() + ":" + number(v.weight()))
        .collect(Collectors.joining(","))));
    f.put("start", e -> e.start().map(Instant::toString));
    f.put("stop", e -> e.stop().map(Instant::toString));
    f.put("hypothesis", ExperimentDefinition::hypothesis);
    f.put("primary_metric", ExperimentDefinition::primaryMetric);
    f.put("guardrail_metrics", e -> e.guardrailMetrics().isEmpty() ? Optional.empty()
        : Optional.of(String.join(",", e.guardrailMetrics())));
    f.put("minimum_detectable_effect", e -> e.minimumDetectableEffect().map(DefinitionDiff::number));
    f.put("baseline", e -> e.baseline().map(b -> "mean=" + number(b.mean())
        + b.standardDeviation().map(sd -> ",standard_deviation=" + number(sd)).orElse("")));
    return Collections.unmodifiableMap(f);
  }

  private static String number(double value) {
    return Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() : Double.toString(value);
  }
}
