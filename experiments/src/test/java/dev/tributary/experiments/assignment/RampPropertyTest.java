package dev.tributary.experiments.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.experiments.definition.ExperimentDefinition;
import dev.tributary.experiments.definition.TestExperiments;
import dev.tributary.testsupport.PropertyTrials;
import dev.tributary.testsupport.PropertyTrials.Trial;
import java.util.Arrays;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The ramp's promise, for any seed, weights and users: raising coverage 5% → 10% → 20% → 100% never moves an
 * included user to another variant (nor out of the experiment), and the split converges to the weights.
 */
class RampPropertyTest {

  private static final double[] RAMP = {0.05, 0.10, 0.20, 1.0};
  private static final String ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

  @Test
  void shouldNeverMoveAnIncludedUserWhenCoverageRises() {
    PropertyTrials.check(200, 0x4a4d_0001L, t -> {
      String seed = alphaString(t, 12);
      double[] weights = weights(t);
      String userId = anyString(t, 24);
      Assignment earlier = null;
      for (double coverage : RAMP) {
        Assignment now = Assigner.assign(TestExperiments.running("exp", seed, coverage, weights), userId);
        if (earlier != null && earlier.inExperiment()) {
          assertThat(now.inExperiment()).as("%s: seed %s user %s still in at %s", t, seed, userId, coverage).isTrue();
          assertThat(now.variationIndex()).as("%s: seed %s user %s weights %s same variant at %s", t, seed, userId,
              Arrays.toString(weights), coverage).isEqualTo(earlier.variationIndex());
        }
        earlier = now;
      }
      assertThat(earlier.inExperiment()).as("%s: seed %s user %s in at 100%%", t, seed, userId).isTrue();
    });
  }

  @Test
  void shouldSplitIncludedUsersByTheWeights() {
    PropertyTrials.check(20, 0x4a4d_0002L, t -> {
      String seed = alphaString(t, 12);
      double[] weights = weights(t);
      double coverage = RAMP[t.intBetween(0, 3)];
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
      String where = String.format(java.util.Locale.ROOT, "%s: seed %s weights %s coverage %s", t, seed,
          Arrays.toString(weights), coverage);
      // binomial standard error is at most sqrt(0.25 / n); allow 5 of them plus the hash's 1/10000 granularity
      assertThat((double) included / users).as("%s: share included", where)
          .isCloseTo(coverage, Offset.offset(5 * Math.sqrt(0.25 / users) + weights.length * 1e-4));
      for (int i = 0; i < weights.length; i++) {
        double tolerance = 5 * Math.sqrt(0.25 / included) + 1e-4 / coverage;
        assertThat((double) counts[i] / included).as("%s: share of variant %d", where, i)
            .isCloseTo(weights[i], Offset.offset(tolerance));
      }
    });
  }

  /** 2 to 4 weights, each at least 0.05, summing to 1 exactly as a definitions file would state them. */
  private static double[] weights(Trial t) {
    int n = t.intBetween(2, 4);
    int[] parts = new int[n];
    int total = 0;
    for (int i = 0; i < n; i++) {
      parts[i] = t.chance(0.1) ? t.oneOf(1, 20) : t.intBetween(1, 20);
      total += parts[i];
    }
    double[] w = new double[n];
    double assigned = 0;
    for (int i = 0; i < n - 1; i++) {
      w[i] = Math.round(1000.0 * parts[i] / total) / 1000.0;
      assigned += w[i];
    }
    w[n - 1] = Math.round((1 - assigned) * 1000) / 1000.0;
    return w;
  }

  /** 1 to {@code maxLength} ASCII letters; length 1 one time in ten. */
  private static String alphaString(Trial t, int maxLength) {
    int length = t.chance(0.1) ? 1 : t.intBetween(1, maxLength);
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(ALPHA.charAt(t.random().nextInt(ALPHA.length())));
    }
    return s.toString();
  }

  /**
   * 1 to {@code maxLength} chars, mostly printable ASCII, some anywhere in the Basic Multilingual Plane
   * (surrogates as valid pairs only) and some control chars, as user ids from the wild may be.
   */
  private static String anyString(Trial t, int maxLength) {
    int length = t.chance(0.1) ? 1 : t.intBetween(1, maxLength);
    StringBuilder s = new StringBuilder(length);
    while (s.length() < length) {
      double kind = t.random().nextDouble();
      if (kind < 0.7) {
        s.append((char) t.intBetween(0x20, 0x7e));
      } else if (kind < 0.8) {
        s.append((char) t.intBetween(0, 0x1f));
      } else if (kind < 0.95) {
        char c = (char) t.intBetween(0x80, 0xffff);
        s.append(Character.isSurrogate(c) ? 'é' : c);
      } else {
        s.appendCodePoint(t.intBetween(0x10000, 0x10ffff));
      }
    }
    return s.toString();
  }
}
