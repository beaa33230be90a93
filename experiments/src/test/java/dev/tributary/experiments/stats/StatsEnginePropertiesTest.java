package dev.tributary.experiments.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.experiments.stats.StatsResult.Computed;
import dev.tributary.testsupport.PropertyTrials;
import dev.tributary.testsupport.PropertyTrials.Trial;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsEnginePropertiesTest {

  /**
   * The interval and the p-value are two views of one test: for the t test by construction, for
   * the confidence sequence because eq. 9 and eq. 155 invert each other.
   */
  @Test
  void significantExactlyWhenPValueIsBelowAlpha() {
    PropertyTrials.check(300, 0x5747_0001L, t -> {
      long nc = count(t, 20, 50_000);
      long nt = count(t, 20, 50_000);
      double pc = rate(t, 0.02, 0.98);
      double pt = t.chance(0.3) ? nearTheThreshold(t, nc, nt, pc) : rate(t, 0.02, 0.98);
      boolean sequential = t.random().nextBoolean();
      boolean relative = t.random().nextBoolean();
      ArmSums control = ArmSums.proportion(nc, Math.round(nc * pc));
      ArmSums treatment = ArmSums.proportion(nt, Math.round(nt * pt));
      AnalysisSpec spec = AnalysisSpec.defaults(MetricKind.PROPORTION)
          .with(sequential ? Method.SEQUENTIAL : Method.FIXED)
          .with(relative ? Difference.RELATIVE : Difference.ABSOLUTE);
      StatsResult result = StatsEngine.analyse(spec, control, treatment);
      t.assume(result instanceof Computed);
      Computed c = (Computed) result;
      double p = c.pValue().getAsDouble();
      t.assume(Math.abs(p - spec.alpha()) > 1e-9);
      assertThat(c.significant()).as("%s: significant with p=%s (nc=%d pc=%s nt=%d pt=%s %s %s)", t, p, nc, pc,
          nt, pt, spec.method(), spec.difference()).isEqualTo(p < spec.alpha());
    });
  }

  /** Sums kept per partition and added up give the answer the whole data set gives. */
  @Test
  void mergedPartitionsAnalyseLikeTheWhole() {
    PropertyTrials.check(200, 0x5747_0002L, t -> {
      List<Double> values = new ArrayList<>();
      int size = t.chance(0.1) ? t.oneOf(4, 60) : t.intBetween(4, 60);
      for (int i = 0; i < size; i++) {
        values.add(t.chance(0.1) ? t.oneOf(-50.0, 0.0, 500.0) : t.doubleBetween(-50, 500));
      }
      double fraction = t.chance(0.1) ? t.oneOf(0.0, 1.0) : t.random().nextDouble();
      int cut = Math.max(1, Math.min(values.size() - 1, (int) (values.size() * fraction)));
      ArmSums whole = sums(values);
      ArmSums merged = sums(values.subList(0, cut)).plus(sums(values.subList(cut, values.size())));
      ArmSums other = ArmSums.of(40, 1500, 80_000);
      AnalysisSpec spec = AnalysisSpec.defaults(MetricKind.MEAN).with(Difference.ABSOLUTE);
      StatsResult a = StatsEngine.analyse(spec, whole, other);
      StatsResult b = StatsEngine.analyse(spec, merged, other);
      t.assume(a instanceof Computed);
      assertThat(((Computed) b).effect()).as("%s: effect, cut at %d of %s", t, cut, values)
          .isCloseTo(((Computed) a).effect(), within(1e-9));
      assertThat(((Computed) b).standardError()).as("%s: standard error, cut at %d of %s", t, cut, values)
          .isCloseTo(((Computed) a).standardError(), within(1e-9));
    });
  }

  /** Swapping the arms negates the absolute effect and changes neither its error nor its p-value. */
  @Test
  void swappingArmsNegatesTheAbsoluteEffect() {
    PropertyTrials.check(200, 0x5747_0003L, t -> {
      long nc = count(t, 10, 10_000);
      long nt = count(t, 10, 10_000);
      double pc = rate(t, 0.05, 0.95);
      double pt = rate(t, 0.05, 0.95);
      ArmSums a = ArmSums.proportion(nc, Math.round(nc * pc));
      ArmSums b = ArmSums.proportion(nt, Math.round(nt * pt));
      AnalysisSpec spec = AnalysisSpec.defaults(MetricKind.PROPORTION).with(Difference.ABSOLUTE);
      StatsResult forward = StatsEngine.analyse(spec, a, b);
      t.assume(forward instanceof Computed);
      Computed f = (Computed) forward;
      Computed r = (Computed) StatsEngine.analyse(spec, b, a);
      String arms = String.format(java.util.Locale.ROOT, "%s: nc=%d pc=%s nt=%d pt=%s", t, nc, pc, nt, pt);
      assertThat(r.effect()).as("%s effect", arms).isCloseTo(-f.effect(), within(1e-12));
      assertThat(r.standardError()).as("%s standard error", arms).isCloseTo(f.standardError(), within(1e-12));
      assertThat(r.pValue().getAsDouble()).as("%s p-value", arms)
          .isCloseTo(f.pValue().getAsDouble(), within(1e-9));
      assertThat(r.chanceToWin()).as("%s chance to win", arms).isCloseTo(1 - f.chanceToWin(), within(1e-9));
    });
  }

  /**
   * A treatment rate a couple of standard errors from {@code pc}: independent uniform rates are almost
   * always far apart, so without these few cases would land near the significance threshold.
   */
  private static double nearTheThreshold(Trial t, long nc, long nt, double pc) {
    double standardError = Math.sqrt(pc * (1 - pc) * (1.0 / nc + 1.0 / nt));
    return Math.min(0.98, Math.max(0.02, pc + 3 * t.random().nextGaussian() * standardError));
  }

  /** An arm size in [min, max], the range's ends one time in ten (the edge cases a property library injects). */
  private static long count(Trial t, long min, long max) {
    return t.chance(0.1) ? t.oneOf(min, min + 1, max) : t.longBetween(min, max);
  }

  /** A conversion rate in [min, max], the range's ends one time in ten. */
  private static double rate(Trial t, double min, double max) {
    return t.chance(0.1) ? t.oneOf(min, max) : t.doubleBetween(min, max);
  }

  private static ArmSums sums(List<Double> values) {
    double sum = 0;
    double squares = 0;
    for (double v : values) {
      sum += v;
      squares += v * v;
    }
    return ArmSums.of(values.size(), sum, squares);
  }
}
