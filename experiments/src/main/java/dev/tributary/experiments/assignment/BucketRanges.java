package dev.tributary.experiments.assignment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Turns weights and coverage into bucket ranges the way GrowthBook's SDKs do: variant {@code i} owns
 * [{@code c_i}, {@code c_i + coverage × w_i}) where {@code c_i} is the sum of the weights before it. The
 * start of each range depends on the weights only, so raising coverage only extends every range to the
 * right: a user included at 5% stays in the same variant at 10%, 20% and 100%.
 *
 * <p>Like the SDKs, it clamps coverage into [0, 1] and falls back to equal weights when the weights are
 * missing, of the wrong count, or do not sum to 1 within 0.01 — the definitions file is stricter
 * ({@code DefinitionRules}), so a validated experiment never takes those paths; they are kept so the
 * published SDK vectors pass unchanged.
 *
 * <p>Thread-safe: stateless.
 */
public final class BucketRanges {

  private BucketRanges() {}

  /** The ranges of {@code variations} variants; {@code weights} may be null (equal weights). */
  public static List<BucketRange> of(int variations, double coverage, List<Double> weights) {
    double c = Math.min(1, Math.max(0, coverage));
    List<Double> w = weights;
    if (w == null || w.size() != variations || Math.abs(sum(w) - 1) > 0.01) {
      w = Collections.nCopies(variations, 1.0 / variations);
    }
    List<BucketRange> ranges = new ArrayList<>(variations);
    double cumulative = 0;
    for (double weight : w) {
      double start = cumulative;
      cumulative += weight;
      ranges.add(new BucketRange(start, start + c * weight));
    }
    return List.copyOf(ranges);
  }

  /** The index of the range holding {@code n}, or -1 when none does (the user is outside the coverage). */
  public static int choose(double n, List<BucketRange> ranges) {
    for (int i = 0; i < ranges.size(); i++) {
      if (ranges.get(i).contains(n)) {
        return i;
      }
    }
    return -1;
  }

  private static double sum(List<Double> values) {
    double total = 0;
    for (double v : values) {
      total += v;
    }
    return total;
  }
}
