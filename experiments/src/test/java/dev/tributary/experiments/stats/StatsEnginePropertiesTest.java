package dev.tributary.experiments.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.experiments.stats.StatsResult.Computed;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class StatsEnginePropertiesTest {

  /**
   * The interval and the p-value are two views of one test: for the t test by construction, for
   * the confidence sequence because eq. 9 and eq. 155 invert each other.
   */
  @Property(tries = 300)
  void significantExactlyWhenPValueIsBelowAlpha(@ForAll @LongRange(min = 20, max = 50_000) long nc,
      @ForAll @LongRange(min = 20, max = 50_000) long nt, @ForAll @DoubleRange(min = 0.02, max = 0.98) double pc,
      @ForAll @DoubleRange(min = 0.02, max = 0.98) double pt, @ForAll boolean sequential, @ForAll boolean relative) {
    ArmSums control = ArmSums.proportion(nc, Math.round(nc * pc));
    ArmSums treatment = ArmSums.proportion(nt, Math.round(nt * pt));
    AnalysisSpec spec = AnalysisSpec.defaults(MetricKind.PROPORTION)
        .with(sequential ? Method.SEQUENTIAL : Method.FIXED)
        .with(relative ? Difference.RELATIVE : Difference.ABSOLUTE);
    StatsResult result = StatsEngine.analyse(spec, control, treatment);
    Assume.that(result instanceof Computed);
    Computed c = (Computed) result;
    double p = c.pValue().getAsDouble();
    Assume.that(Math.abs(p - spec.alpha()) > 1e-9);
    assertThat(c.significant()).isEqualTo(p < spec.alpha());
  }

  /** Sums kept per partition and added up give the answer the whole data set gives. */
  @Property(tries = 200)
  void mergedPartitionsAnalyseLikeTheWhole(@ForAll @Size(min = 4, max = 60) List<@DoubleRange(min = -50, max = 500) Double> values,
      @ForAll @DoubleRange(min = 0, max = 1) double fraction) {
    int cut = Math.max(1, Math.min(values.size() - 1, (int) (values.size() * fraction)));
    ArmSums whole = sums(values);
    ArmSums merged = sums(values.subList(0, cut)).plus(sums(values.subList(cut, values.size())));
    ArmSums other = ArmSums.of(40, 1500, 80_000);
    AnalysisSpec spec = AnalysisSpec.defaults(MetricKind.MEAN).with(Difference.ABSOLUTE);
    StatsResult a = StatsEngine.analyse(spec, whole, other);
    StatsResult b = StatsEngine.analyse(spec, merged, other);
    Assume.that(a instanceof Computed);
    assertThat(((Computed) b).effect()).isCloseTo(((Computed) a).effect(), within(1e-9));
    assertThat(((Computed) b).standardError()).isCloseTo(((Computed) a).standardError(), within(1e-9));
  }

  /** Swapping the arms negates the absolute effect and changes neither its error nor its p-value. */
  @Property(tries = 200)
  void swappingArmsNegatesTheAbsoluteEffect(@ForAll @LongRange(min = 10, max = 10_000) long nc,
      @ForAll @LongRange(min = 10, max = 10_000) long nt, @ForAll @DoubleRange(min = 0.05, max = 0.95) double pc,
      @ForAll @DoubleRange(min = 0.05, max = 0.95) double pt) {
    ArmSums a = ArmSums.proportion(nc, Math.round(nc * pc));
    ArmSums b = ArmSums.proportion(nt, Math.round(nt * pt));
    AnalysisSpec spec = AnalysisSpec.defaults(MetricKind.PROPORTION).with(Difference.ABSOLUTE);
    StatsResult forward = StatsEngine.analyse(spec, a, b);
    Assume.that(forward instanceof Computed);
    Computed f = (Computed) forward;
    Computed r = (Computed) StatsEngine.analyse(spec, b, a);
    assertThat(r.effect()).isCloseTo(-f.effect(), within(1e-12));
    assertThat(r.standardError()).isCloseTo(f.standardError(), within(1e-12));
    assertThat(r.pValue().getAsDouble()).isCloseTo(f.pValue().getAsDouble(), within(1e-9));
    assertThat(r.chanceToWin()).isCloseTo(1 - f.chanceToWin(), within(1e-9));
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
