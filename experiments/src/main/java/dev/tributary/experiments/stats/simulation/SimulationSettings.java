package dev.tributary.experiments.stats.simulation;

import dev.tributary.experiments.stats.AnalysisSpec;
import dev.tributary.experiments.stats.Difference;
import dev.tributary.experiments.stats.InvalidSumsException;
import dev.tributary.experiments.stats.Method;
import dev.tributary.experiments.stats.MetricKind;

/**
 * One simulation run: how many experiments, how many users each, how often the analyst peeks,
 * the conversion rate and the true relative lift of the power part. Immutable.
 *
 * @param tests simulated experiments per scenario (A/A, and with a lift)
 * @param peekEvery users between two looks at the results
 * @param users users per experiment (the planned horizon), split 50/50 at random
 * @param seed makes the run reproducible
 * @param baselineRate control conversion rate
 * @param lift true relative lift of the treatment in the power scenario
 * @param alpha level of both methods
 * @param sequentialTuning N* of the confidence sequence
 */
public record SimulationSettings(int tests, int peekEvery, int users, long seed, double baselineRate, double lift,
    double alpha, double sequentialTuning) {

  public SimulationSettings {
    if (tests < 1) {
      throw new InvalidSumsException("--tests", "must be at least 1, was " + tests);
    }
    if (peekEvery < 1) {
      throw new InvalidSumsException("--peek-every", "must be at least 1 user, was " + peekEvery);
    }
    if (users < peekEvery) {
      throw new InvalidSumsException("--users", "must be at least --peek-every (" + peekEvery + "), was " + users);
    }
    if (!(baselineRate > 0 && baselineRate < 1)) {
      throw new InvalidSumsException("--baseline", "must lie in (0, 1), was " + baselineRate);
    }
    double treated = baselineRate * (1 + lift);
    if (!(treated > 0 && treated < 1)) {
      throw new InvalidSumsException("--lift", "moves the rate to " + treated + ", outside (0, 1)");
    }
    // the analysis's own checks of alpha and N*
    new AnalysisSpec(MetricKind.PROPORTION, Difference.RELATIVE, Method.FIXED, alpha, sequentialTuning);
  }

  /** 1,000 tests of 10,000 users peeked every 100, 20 % baseline, +10 % lift, α = 0.05, N* = 5000. */
  public static SimulationSettings defaults(long seed) {
    return new SimulationSettings(1000, 100, 10_000, seed, 0.20, 0.10, AnalysisSpec.DEFAULT_ALPHA,
        AnalysisSpec.DEFAULT_SEQUENTIAL_TUNING);
  }

  public SimulationSettings withTests(int newTests) {
    return new SimulationSettings(newTests, peekEvery, users, seed, baselineRate, lift, alpha, sequentialTuning);
  }

  public SimulationSettings withUsers(int newUsers) {
    return new SimulationSettings(tests, peekEvery, newUsers, seed, baselineRate, lift, alpha, sequentialTuning);
  }

  public int peeks() {
    return users / peekEvery;
  }
}
