package dev.tributary.experiments.report;

import dev.tributary.experiments.definition.Status;
import dev.tributary.experiments.stats.Method;
import dev.tributary.experiments.stats.MetricKind;
import dev.tributary.experiments.stats.SampleRatioCheck;
import dev.tributary.experiments.stats.StatsResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The report of one experiment phase, as {@link ExperimentReporter} builds it: what the CLI prints
 * ({@link ReportTable}) and what the console serves ({@link ReportJson}). Variant 0 is the control; every other
 * variant is compared with it. Immutable.
 *
 * @param key the experiment's key
 * @param phase the phase reported
 * @param status the experiment's status in the definitions file
 * @param hypothesis its hypothesis, if stated
 * @param alpha the level of every interval (the planned α)
 * @param sequentialTuning N* of the confidence sequences: the planned total sample size, else the default
 * @param deciding which interval the verdicts rest on, and why
 * @param variants units per variant, designed variants first (then any the warehouse shows that the design lacks)
 * @param excludedUnits units left out because they were exposed to more than one variant (sum over variants)
 * @param srm the sample-ratio check against the designed weights
 * @param progress how far the smallest variant is towards the planned sample size
 * @param metrics the primary metric first, then the guardrails, then any other metric the warehouse has
 * @param notes caveats the reader must know (e.g. an older phase read against today's weights)
 */
public record ExperimentReport(String key, int phase, Status status, Optional<String> hypothesis, double alpha,
    double sequentialTuning, Deciding deciding, List<VariantUnits> variants, long excludedUnits, Srm srm,
    Progress progress, List<MetricReport> metrics, List<String> notes) {

  public ExperimentReport {
    variants = List.copyOf(variants);
    metrics = List.copyOf(metrics);
    notes = List.copyOf(notes);
  }

  /** The interval the verdicts rest on and why that one. */
  public record Deciding(Method method, String why) {}

  /**
   * One variant's exposures.
   *
   * @param designedWeight its weight in the definition; 0 for a variant the design does not have
   */
  public record VariantUnits(String variationId, double designedWeight, long units, long excludedUnits,
      Optional<Instant> firstExposure, Optional<Instant> lastExposure) {}

  /** The sample-ratio check and what it means. */
  public record Srm(SampleRatioCheck.Result result, String words) {

    public boolean mismatch() {
      return result.mismatch();
    }
  }

  /**
   * Sample-size progress.
   *
   * @param plannedPerVariant units each variant needs by the definition's MDE and baseline; empty without a plan
   * @param smallestVariantUnits units of the smallest designed variant
   * @param fraction smallest / planned; empty without a plan
   * @param reached every designed variant has its planned units
   */
  public record Progress(OptionalLong plannedPerVariant, long smallestVariantUnits, OptionalDouble fraction,
      boolean reached, String words) {}

  /** Why a metric is in the report. */
  public enum Role { PRIMARY, GUARDRAIL, OTHER }

  /**
   * One metric.
   *
   * @param kind as the sums view declares it; empty when the warehouse has no rows for the metric yet
   * @param cuped true when pre-exposure sums were present and CUPED applied
   * @param summary the verdicts of all comparisons in one line
   */
  public record MetricReport(String metric, Role role, Optional<MetricKind> kind, List<ArmValue> values,
      List<Comparison> comparisons, boolean cuped, String summary) {

    public MetricReport {
      values = List.copyOf(values);
      comparisons = List.copyOf(comparisons);
    }
  }

  /** A metric's value in one variant: the mean, the rate or the ratio (NaN without units). */
  public record ArmValue(String variationId, long units, double value) {}

  /** One treatment against the control on one metric. */
  public record Comparison(String variationId, Analysis analysis, Verdict verdict) {}

  /** The engine's answers for one comparison, or why the sums could not be analysed. */
  public sealed interface Analysis {}

  /**
   * The engine's four answers: relative and absolute effect, each fixed-horizon and sequential. Each is a
   * {@link StatsResult}: computed, or not computable with the reason (e.g. fewer than 2 units).
   */
  public record Analysed(StatsResult relativeFixed, StatsResult relativeSequential, StatsResult absoluteFixed,
      StatsResult absoluteSequential) implements Analysis {

    /** P(treatment better than control) under the normal approximation, from the relative effect. */
    public OptionalDouble chanceToWin() {
      if (relativeFixed instanceof StatsResult.Computed c) {
        return OptionalDouble.of(c.chanceToWin());
      }
      if (absoluteFixed instanceof StatsResult.Computed c) {
        return OptionalDouble.of(c.chanceToWin());
      }
      return OptionalDouble.empty();
    }
  }

  /** Sums no data can produce (the warehouse holds a broken row): the engine's message. */
  public record Invalid(String message) implements Analysis {}

  /** What a comparison says, in a word and in plain words. */
  public enum Decision {
    /** The deciding interval lies above zero. */
    INCREASED,
    /** The deciding interval lies below zero. */
    DECREASED,
    /** The test is live and the deciding interval still holds zero: keep it running. */
    INCONCLUSIVE_SO_FAR,
    /** Finished (or planned size reached) and the deciding interval holds zero. */
    NO_DIFFERENCE_DETECTED,
    /** A variant has fewer than 2 units. */
    NOT_ENOUGH_DATA,
    /** The sums admit no effect (zero variance, zero control mean...) or are impossible. */
    NOT_COMPUTABLE,
    /** Sample-ratio mismatch: nothing from this test can be trusted until it is explained. */
    UNTRUSTWORTHY
  }

  /**
   * A verdict.
   *
   * @param decidedBy the interval it rests on
   */
  public record Verdict(Decision decision, Method decidedBy, String words) {}
}
