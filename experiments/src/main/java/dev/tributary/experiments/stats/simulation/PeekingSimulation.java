package dev.tributary.experiments.stats.simulation;

import dev.tributary.experiments.stats.AnalysisSpec;
import dev.tributary.experiments.stats.ArmSums;
import dev.tributary.experiments.stats.Difference;
import dev.tributary.experiments.stats.Method;
import dev.tributary.experiments.stats.MetricKind;
import dev.tributary.experiments.stats.StatsEngine;
import dev.tributary.experiments.stats.StatsResult;
import java.util.SplittableRandom;

/**
 * Why the sequential method exists, shown by simulation: experiments whose users arrive one by
 * one, assigned 50/50 at random, converting at a known rate, analysed with the real engine after
 * every {@code peekEvery} users. Under no effect (A/A) a fixed-horizon test declared significant
 * at <em>any</em> peek is wrong far more often than α; the confidence sequence stays within α.
 * Under a real lift it reports the power each method pays for that guarantee. Deterministic for a
 * seed: each experiment draws from its own split of one {@link SplittableRandom}.
 *
 * <p>Stateless and thread-safe; a run is single-threaded.
 */
public final class PeekingSimulation {

  private PeekingSimulation() {}

  /** Counts over the simulated experiments of one scenario. */
  private static final class Tally {
    int fixedAtHorizon;
    int fixedAnyPeek;
    int sequentialAtHorizon;
    int sequentialAnyPeek;
  }

  public static SimulationReport run(SimulationSettings s) {
    SplittableRandom root = new SplittableRandom(s.seed());
    Tally aa = scenario(s, root.split(), s.baselineRate());
    Tally lift = scenario(s, root.split(), s.baselineRate() * (1 + s.lift()));
    double t = s.tests();
    return new SimulationReport(s,
        new SimulationReport.Scenario(aa.fixedAtHorizon / t, aa.fixedAnyPeek / t, aa.sequentialAtHorizon / t,
            aa.sequentialAnyPeek / t),
        new SimulationReport.Scenario(lift.fixedAtHorizon / t, lift.fixedAnyPeek / t, lift.sequentialAtHorizon / t,
            lift.sequentialAnyPeek / t));
  }

  private static Tally scenario(SimulationSettings s, SplittableRandom scenarioRandom, double treatmentRate) {
    AnalysisSpec fixed = new AnalysisSpec(MetricKind.PROPORTION, Difference.RELATIVE, Method.FIXED, s.alpha(),
        s.sequentialTuning());
    AnalysisSpec sequential = fixed.with(Method.SEQUENTIAL);
    Tally tally = new Tally();
    for (int test = 0; test < s.tests(); test++) {
      SplittableRandom random = scenarioRandom.split();
      long[] units = new long[2];
      long[] conversions = new long[2];
      boolean fixedSeen = false;
      boolean sequentialSeen = false;
      for (int user = 1; user <= s.users(); user++) {
        int arm = random.nextBoolean() ? 1 : 0;
        units[arm]++;
        if (random.nextDouble() < (arm == 1 ? treatmentRate : s.baselineRate())) {
          conversions[arm]++;
        }
        boolean horizon = user == s.users();
        if (user % s.peekEvery() != 0 && !horizon) {
          continue;
        }
        ArmSums control = ArmSums.proportion(units[0], conversions[0]);
        ArmSums treatment = ArmSums.proportion(units[1], conversions[1]);
        boolean fixedNow = significant(StatsEngine.analyse(fixed, control, treatment));
        boolean sequentialNow = significant(StatsEngine.analyse(sequential, control, treatment));
        fixedSeen |= fixedNow;
        sequentialSeen |= sequentialNow;
        if (horizon) {
          tally.fixedAtHorizon += fixedNow ? 1 : 0;
          tally.sequentialAtHorizon += sequentialNow ? 1 : 0;
        }
      }
      tally.fixedAnyPeek += fixedSeen ? 1 : 0;
      tally.sequentialAnyPeek += sequentialSeen ? 1 : 0;
    }
    return tally;
  }

  /** Early peeks with no conversions in a variant have no effect to test: not significant. */
  private static boolean significant(StatsResult result) {
    return result instanceof StatsResult.Computed c && c.significant();
  }
}
