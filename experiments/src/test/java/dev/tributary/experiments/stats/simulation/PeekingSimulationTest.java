package dev.tributary.experiments.stats.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A smaller run than the command's (300 experiments of 5,000 users, 50 peeks). Bounds come from
 * the binomial error of a rate of 5 % over 300 experiments (sd ≈ 1.26 %): 3 sd either side.
 */
class PeekingSimulationTest {

  private static final int TESTS = 300;
  private static final double NOMINAL = 0.05;
  private static final double THREE_SD = 3 * Math.sqrt(NOMINAL * (1 - NOMINAL) / TESTS);

  private static SimulationReport report;

  @BeforeAll
  static void simulate() {
    report = PeekingSimulation.run(SimulationSettings.defaults(42).withTests(TESTS).withUsers(5_000));
  }

  @Test
  void shouldKeepTheSequentialFalsePositiveRateWithinAlphaAtAnyPeek() {
    assertThat(report.noEffect().sequentialAnyPeek()).isLessThanOrEqualTo(NOMINAL + THREE_SD);
  }

  @Test
  void shouldInflateTheFixedHorizonFalsePositiveRateWhenPeeking() {
    assertThat(report.noEffect().fixedAnyPeek()).isGreaterThan(NOMINAL + THREE_SD);
  }

  @Test
  void shouldHoldAlphaForAFixedHorizonTestLookedAtOnce() {
    assertThat(report.noEffect().fixedAtHorizon()).isBetween(NOMINAL - THREE_SD, NOMINAL + THREE_SD);
  }

  @Test
  void shouldPayForAnytimeValidityWithPowerAtTheHorizon() {
    assertThat(report.withLift().fixedAtHorizon()).isGreaterThan(report.withLift().sequentialAtHorizon());
    assertThat(report.withLift().sequentialAnyPeek()).isGreaterThanOrEqualTo(report.withLift().sequentialAtHorizon());
  }

  @Test
  void shouldRepeatExactlyForTheSameSeed() {
    SimulationSettings small = SimulationSettings.defaults(7).withTests(20).withUsers(1_000);
    assertThat(PeekingSimulation.run(small)).isEqualTo(PeekingSimulation.run(small));
  }
}
