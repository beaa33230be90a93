package dev.tributary.experiments.stats.simulation;

import java.util.Locale;

/**
 * The outcome of a {@link PeekingSimulation}: rates of "significant" over the simulated
 * experiments, under no effect (false positives) and under the known lift (power). Immutable.
 */
public record SimulationReport(SimulationSettings settings, Scenario noEffect, Scenario withLift) {

  /**
   * Rates of experiments declared significant, each in [0, 1].
   *
   * @param fixedAtHorizon fixed-horizon test, looked at once at the planned horizon
   * @param fixedAnyPeek fixed-horizon test, significant at any of the peeks
   * @param sequentialAtHorizon confidence sequence at the horizon
   * @param sequentialAnyPeek confidence sequence at any peek (stopping at the first is allowed)
   */
  public record Scenario(double fixedAtHorizon, double fixedAnyPeek, double sequentialAtHorizon,
      double sequentialAnyPeek) {}

  /** A plain-text table, with the binomial 95 % half-width of each rate. */
  public String render() {
    SimulationSettings s = settings;
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT,
        "%d simulated experiments per scenario, %d users each (50/50), peeked every %d users (%d peeks), "
            + "relative effect on a %.1f %% conversion rate, alpha %.3f, N* %.0f, seed %d%n",
        s.tests(), s.users(), s.peekEvery(), s.peeks(), s.baselineRate() * 100, s.alpha(), s.sequentialTuning(),
        s.seed()));
    out.append(String.format(Locale.ROOT, "%nA/A (no effect): false-positive rate%n"));
    row(out, "fixed-horizon, looked at once at the horizon", noEffect.fixedAtHorizon());
    row(out, "fixed-horizon, significant at any peek", noEffect.fixedAnyPeek());
    row(out, "sequential, significant at any peek", noEffect.sequentialAnyPeek());
    out.append(String.format(Locale.ROOT, "%nTrue lift %+.1f %% (%.2f %% -> %.2f %%): power%n", s.lift() * 100,
        s.baselineRate() * 100, s.baselineRate() * (1 + s.lift()) * 100));
    row(out, "fixed-horizon at the horizon", withLift.fixedAtHorizon());
    row(out, "sequential at the horizon", withLift.sequentialAtHorizon());
    row(out, "sequential at any peek (stop at first)", withLift.sequentialAnyPeek());
    return out.toString();
  }

  private void row(StringBuilder out, String label, double rate) {
    double halfWidth = 1.96 * Math.sqrt(rate * (1 - rate) / settings.tests());
    out.append(String.format(Locale.ROOT, "  %-46s %5.1f %%  (± %.1f)%n", label, rate * 100, halfWidth * 100));
  }
}
