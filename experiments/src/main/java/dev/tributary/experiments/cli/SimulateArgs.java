package dev.tributary.experiments.cli;

import dev.tributary.experiments.stats.InvalidSumsException;
import dev.tributary.experiments.stats.simulation.SimulationSettings;

/** The options of {@code tributary stats simulate}, over {@link SimulationSettings#defaults}. Stateless. */
final class SimulateArgs {

  static final long DEFAULT_SEED = 1;

  private SimulateArgs() {}

  static SimulationSettings parse(String[] args) {
    SimulationSettings d = SimulationSettings.defaults(DEFAULT_SEED);
    int tests = d.tests();
    int peekEvery = d.peekEvery();
    int users = d.users();
    long seed = d.seed();
    double baseline = d.baselineRate();
    double lift = d.lift();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new InvalidSumsException(option, "needs a value");
      }
      String value = args[++i];
      switch (option) {
        case "--tests" -> tests = (int) whole(option, value, Integer.MAX_VALUE);
        case "--peek-every" -> peekEvery = (int) whole(option, value, Integer.MAX_VALUE);
        case "--users" -> users = (int) whole(option, value, Integer.MAX_VALUE);
        case "--seed" -> seed = whole(option, value, Long.MAX_VALUE);
        case "--baseline" -> baseline = decimal(option, value);
        case "--lift" -> lift = decimal(option, value);
        default -> throw new InvalidSumsException(option, "is not a simulate option");
      }
    }
    return new SimulationSettings(tests, peekEvery, users, seed, baseline, lift, d.alpha(), d.sequentialTuning());
  }

  private static long whole(String option, String value, long max) {
    try {
      long parsed = Long.parseLong(value);
      if (parsed > max) {
        throw new InvalidSumsException(option, "is too large, was " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new InvalidSumsException(option, "must be a whole number, was '" + value + "'");
    }
  }

  private static double decimal(String option, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new InvalidSumsException(option, "must be a number, was '" + value + "'");
    }
  }
}
