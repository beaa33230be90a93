package dev.tributary.experiments.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GrowthBook's SRM vectors (growthbook/growthbook at 8f1db44569,
 * packages/back-end/test/stats.test.ts, "calculates SRM correctly"), printed to 9 decimals.
 */
class SampleRatioCheckTest {

  private static double p(List<Long> counts, List<Double> weights) {
    return SampleRatioCheck.check(counts, weights).pValue();
  }

  @Test
  void shouldMatchGrowthBookOnAnEvenSplit() {
    assertThat(p(List.of(1000L, 1200L), List.of(0.5, 0.5))).isCloseTo(0.000020079, within(0.5e-9));
    assertThat(p(List.of(135L, 115L), List.of(0.5, 0.5))).isCloseTo(0.205903211, within(0.5e-9));
    assertThat(p(List.of(500L, 500L), List.of(0.5, 0.5))).isEqualTo(1.0);
  }

  @Test
  void shouldTestAgainstTheDesignedUnevenSplit() {
    SampleRatioCheck.Result r = SampleRatioCheck.check(List.of(310L, 98L), List.of(0.75, 0.25));
    assertThat(r.pValue()).isCloseTo(0.647434186, within(0.5e-9));
    assertThat(r.mismatch()).isFalse();
    // the same counts against an even split are a glaring mismatch
    assertThat(SampleRatioCheck.check(List.of(310L, 98L), List.of(0.5, 0.5)).mismatch()).isTrue();
  }

  @Test
  void shouldMatchGrowthBookOnThreeVariants() {
    assertThat(p(List.of(500L, 500L, 600L), List.of(0.34, 0.33, 0.33))).isCloseTo(0.000592638, within(0.5e-9));
    assertThat(p(List.of(0L, 10L, 10L), List.of(0.34, 0.33, 0.33))).isCloseTo(0.005790624, within(0.5e-9));
    assertThat(p(List.of(0L, 0L, 0L), List.of(0.34, 0.33, 0.33))).isEqualTo(1.0);
  }

  @Test
  void shouldLeaveZeroWeightVariantsOutOfTheTestButFlagTheirUnits() {
    SampleRatioCheck.Result r = SampleRatioCheck.check(List.of(1000L, 1200L, 900L), List.of(0.5, 0.5, 0.0));
    assertThat(r.pValue()).isCloseTo(0.000020079, within(0.5e-9));
    assertThat(r.unitsInUnweightedVariants()).isEqualTo(900);
    assertThat(r.mismatch()).isTrue();
    SampleRatioCheck.Result onlyOne = SampleRatioCheck.check(List.of(1000L, 900L, 800L), List.of(1.0, 0.0, 0.0));
    assertThat(onlyOne.pValue()).isEqualTo(1.0);
  }

  @Test
  void shouldFlagOnlyBelowOneInAThousand() {
    // 1000 vs 1160 gives p ≈ 0.00058, 1000 vs 1140 gives p ≈ 0.0025
    assertThat(SampleRatioCheck.check(List.of(1000L, 1160L), List.of(0.5, 0.5)).mismatch()).isTrue();
    assertThat(SampleRatioCheck.check(List.of(1000L, 1140L), List.of(0.5, 0.5)).mismatch()).isFalse();
  }

  @Test
  void shouldRejectWeightsThatDoNotMatchTheVariants() {
    assertThatThrownBy(() -> SampleRatioCheck.check(List.of(1L, 2L, 3L), List.of(0.5, 0.5)))
        .isInstanceOf(InvalidSumsException.class).hasMessageContaining("weights");
    assertThatThrownBy(() -> SampleRatioCheck.check(List.of(1L, -2L), List.of(0.5, 0.5)))
        .isInstanceOf(InvalidSumsException.class).hasMessageStartingWith("counts[1]");
  }
}
