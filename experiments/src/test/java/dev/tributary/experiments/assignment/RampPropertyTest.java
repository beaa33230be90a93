package dev.tributary.experiments.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.experiments.definition.ExperimentDefinition;
import dev.tributary.experiments.definition.TestExperiments;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/**
 * The ramp's promise, for any seed, weights and users: raising coverage 5% → 10% → 20% → 100% never moves an
 * included user to another variant (nor out of the experiment), and the split converges to the weights.
 */
class RampPropertyTest {

  private static final double[] RAMP = {0.05, 0.10, 0.20, 1.0};

  @Property(tries = 200)
  void shouldNeverMoveAnIncludedUserWhenCoverageRises(@ForAll @AlphaChars @StringLength(min = 1, max = 12) String seed,
      @ForAll("weights") double[] weights, @ForAll @StringLength(min = 1, max = 24) String userId) {
    Assignment earlier = null;
    for (double coverage : RAMP) {
      Assignment now = Assigner.assign(TestExperiments.running("exp", seed, coverage, weights), userId);
      if (earlier != null && earlier.inExperiment()) {
        assertThat(now.inExperiment()).as("still in at %s", coverage).isTrue();
        assertThat(now.variationIndex()).as("same variant at %s", coverage).isEqualTo(earlier.variationIndex());
      }
      earlier = now;
    }
    assertThat(earlier.inExperiment()).as("everyone is in at 100%").isTrue();
  }

  @Property(tries = 20)
  void shouldSplitIncludedUsersByTheWeights(@ForAll @AlphaChars @StringLength(min = 1, max = 12) String seed,
      @ForAll("weights") double[] weights, @ForAll @IntRange(min = 0, max = 3) int rampStep) {
    double coverage = RAMP[rampStep];
    ExperimentDefinition e = TestExperiments.running("exp", seed, coverage, weights);
    int users = 200_000;
    int[] counts = new int[weights.length];
    int included = 0;
    for (int u = 0; u < users; u++) {
      Assignment a = Assigner.assign(e, "user-" + u);
      if (a.inExperiment()) {
        counts[a.variationIndex()]++;
        included++;
      }
    }
    // binomial standard error is at most sqrt(0.25 / n); allow 5 of them plus the hash's 1/10000 granularity
    assertThat((double) included / users).isCloseTo(coverage, org.assertj.core.data.Offset.offset(
        5 * Math.sqrt(0.25 / users) + weights.length * 1e-4));
    for (int i = 0; i < weights.length; i++) {
      double tolerance = 5 * Math.sqrt(0.25 / included) + 1e-4 / coverage;
      assertThat((double) counts[i] / included).as("share of variant %d", i)
          .isCloseTo(weights[i], org.assertj.core.data.Offset.offset(tolerance));
    }
  }

  /** 2 to 4 weights, each at least 0.05, summing to 1 exactly as a definitions file would state them. */
  @Provide
  Arbitrary<double[]> weights() {
    return Arbitraries.integers().between(2, 4).flatMap(n ->
        Arbitraries.integers().between(1, 20).array(int[].class).ofSize(n).map(parts -> {
          int total = 0;
          for (int p : parts) {
            total += p;
          }
          double[] w = new double[n];
          double assigned = 0;
          for (int i = 0; i < n - 1; i++) {
            w[i] = Math.round(1000.0 * parts[i] / total) / 1000.0;
            assigned += w[i];
          }
          w[n - 1] = Math.round((1 - assigned) * 1000) / 1000.0;
          return w;
        }));
  }
}
