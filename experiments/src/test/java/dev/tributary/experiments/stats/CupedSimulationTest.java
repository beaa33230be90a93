package dev.tributary.experiments.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.experiments.stats.StatsResult.Computed;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CUPED checked by simulation (Deng, Xu, Kohavi and Walker, <i>Improving the sensitivity of online controlled
 * experiments by utilizing pre-experiment data</i>, WSDM 2013, section 3.2: with θ = cov(x, y)/var(x) the adjusted
 * mean's variance is var(ȳ)(1 − ρ²), ρ the correlation of x and y, and it stays unbiased because x is fixed before
 * the treatment): over many simulated experiments with a known true effect, the CUPED-adjusted effect averages to
 * the truth, its spread across experiments is the unadjusted one's times 1 − ρ², the engine's own standard error
 * says the same, and the 95 % interval covers the truth about 95 % of the time.
 */
class CupedSimulationTest {

  private static final int EXPERIMENTS = 400;
  private static final int UNITS = 1000;
  /** Binomial sd of a 95 % coverage over {@link #EXPERIMENTS}: bounds at ±3.5 sd. */
  private static final double COVERAGE_SD = Math.sqrt(0.95 * 0.05 / EXPERIMENTS);

  /** Per experiment: adjusted and plain absolute effects, their reported standard errors, coverage of the truth. */
  private record Run(double[] adjusted, double[] plain, double meanSeRatio, int covered, double pooledRho) {}

  @ParameterizedTest(name = "rho {0}")
  @CsvSource({"0.5", "0.8", "0.95"})
  void shouldRemoveOneMinusRhoSquaredOfTheVarianceOfAMeanWithoutBias(double rho) {
    double truth = 0.05;
    Run run = simulate(MetricKind.MEAN, truth, new SplittableRandom(Double.doubleToLongBits(rho)), random -> {
      // x ~ N(10, 1) before exposure; y = x + e after, var(e) chosen so that corr(x, y) = rho
      double x = 10 + random.nextGaussian();
      return new double[] {x, x + random.nextGaussian() * Math.sqrt((1 - rho * rho) / (rho * rho))};
    });

    assertUnbiasedWithReducedVariance(run, truth, 1 - rho * rho);
  }

  @ParameterizedTest(name = "pre-period conversion {0}")
  @CsvSource({"0.3"})
  void shouldRemoveOneMinusRhoSquaredOfTheVarianceOfAProportionWithoutBias(double preRate) {
    double truth = 0.03;
    Run run = simulate(MetricKind.PROPORTION, truth, new SplittableRandom(7), random -> {
      // converted before the exposure (x) makes converting after (y) far more likely: the CUPED pair of a rate
      double x = random.nextDouble() < preRate ? 1 : 0;
      return new double[] {x, random.nextDouble() < 0.1 + 0.5 * x ? 1 : 0};
    });

    assertUnbiasedWithReducedVariance(run, truth, 1 - run.pooledRho() * run.pooledRho());
  }

  private static void assertUnbiasedWithReducedVariance(Run run, double truth, double expectedRatio) {
    double varAdjusted = variance(run.adjusted());
    double varPlain = variance(run.plain());
    // unbiased: the mean of 400 adjusted effects lies within 3.5 of its standard errors of the truth
    assertThat(mean(run.adjusted())).isCloseTo(truth, org.assertj.core.data.Offset.offset(
        3.5 * Math.sqrt(varAdjusted / EXPERIMENTS)));
    // the ratio of two sample variances of 400 draws each: relative error about √(2/400) ≈ 7 % each; ±25 %
    double measured = varAdjusted / varPlain;
    System.out.printf(java.util.Locale.ROOT, "CUPED variance ratio: measured %.3f, 1 - rho^2 = %.3f, reported se^2"
        + " ratio %.3f%n", measured, expectedRatio, run.meanSeRatio() * run.meanSeRatio());
    assertThat(measured).isBetween(expectedRatio * 0.75, expectedRatio * 1.25);
    assertThat(run.meanSeRatio() * run.meanSeRatio()).isBetween(expectedRatio * 0.9, expectedRatio * 1.1);
    assertThat((double) run.covered() / EXPERIMENTS).isBetween(0.95 - 3.5 * COVERAGE_SD, 0.95 + 3.5 * COVERAGE_SD);
  }

  /** {@code unit} draws one unit's (x, y); the treatment adds {@code truth} to y. */
  private static Run simulate(MetricKind kind, double truth, SplittableRandom random,
      java.util.function.Function<SplittableRandom, double[]> unit) {
    AnalysisSpec spec = AnalysisSpec.defaults(kind).with(Difference.ABSOLUTE);
    double[] adjusted = new double[EXPERIMENTS];
    double[] plain = new double[EXPERIMENTS];
    double seRatios = 0;
    int covered = 0;
    double[] pooled = new double[5]; // Σx, Σy, Σx², Σy², Σxy over every unit simulated
    for (int e = 0; e < EXPERIMENTS; e++) {
      ArmSums[] arms = new ArmSums[2];
      for (int arm = 0; arm < 2; arm++) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int i = 0; i < UNITS; i++) {
          double[] xy = unit.apply(random);
          double x = xy[0];
          double y = xy[1];
          if (arm == 1) {
            y = kind == MetricKind.PROPORTION ? (y == 1 || random.nextDouble() < truth / (1 - mean01(x)) ? 1 : 0)
                : y + truth;
          }
          sx += x;
          sy += y;
          sxx += x * x;
          syy += y * y;
          sxy += x * y;
        }
        arms[arm] = ArmSums.of(UNITS, sy, syy).withCovariate(sx, sxx, sxy);
        pooled[0] += sx;
        pooled[1] += sy;
        pooled[2] += sxx;
        pooled[3] += syy;
        pooled[4] += sxy;
      }
      Computed a = (Computed) StatsEngine.analyse(spec, arms[0], arms[1]);
      Computed p = (Computed) StatsEngine.analyse(spec, ArmSums.of(UNITS, arms[0].sum(), arms[0].sumSquares()),
          ArmSums.of(UNITS, arms[1].sum(), arms[1].sumSquares()));
      assertThat(a.cupedTheta()).isPresent();
      adjusted[e] = a.effect();
      plain[e] = p.effect();
      seRatios += a.standardError() / p.standardError() / EXPERIMENTS;
      covered += a.interval().lower() <= truth && truth <= a.interval().upper() ? 1 : 0;
    }
    double n = 2.0 * UNITS * EXPERIMENTS;
    double cov = pooled[4] / n - pooled[0] / n * pooled[1] / n;
    double rho = cov / Math.sqrt((pooled[2] / n - Math.pow(pooled[0] / n, 2)) * (pooled[3] / n - Math.pow(pooled[1] / n, 2)));
    return new Run(adjusted, plain, seRatios, covered, rho);
  }

  /** The control conversion rate given x in the proportion model (0.1 + 0.5x). */
  private static double mean01(double x) {
    return 0.1 + 0.5 * x;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double d : v) {
      s += d;
    }
    return s / v.length;
  }

  private static double variance(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double d : v) {
      s += (d - m) * (d - m);
    }
    return s / (v.length - 1);
  }
}
