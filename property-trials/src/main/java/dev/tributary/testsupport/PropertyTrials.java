package dev.tributary.testsupport;

import java.util.Locale;
import java.util.Random;

/**
 * Runs a property over random cases drawn from a seeded {@link Random}, so that a failing case is
 * reproducible: every failure names the base seed and the try, and {@code -Dproperty.seed=<seed>}
 * replays the same tries. Plain JUnit 5 instead of a property library (jqwik's notice asks AI agents
 * not to use it); generators are small private methods in each test.
 *
 * <p>Stateless; each call uses its own {@link Random}, so parallel test classes do not interfere.
 */
public final class PropertyTrials {

  /** System property overriding every property test's base seed. */
  public static final String SEED_PROPERTY = "property.seed";

  /** Cases discarded by {@link Trial#assume} may be at most this many times the tries asked for. */
  private static final int MAX_DISCARD_RATIO = 5;

  private PropertyTrials() {}

  /** The body of one property: checks it for the case drawn from {@code trial.random()}. */
  @FunctionalInterface
  public interface Body {
    void check(Trial trial) throws Exception;
  }

  /**
   * One try: its number (1-based), the base seed and the generator for its case. {@link #toString()}
   * is the text to put into assertion messages ({@code .as(trial + ": ...")}).
   */
  public record Trial(int number, long baseSeed, Random random) {

    /** Skips this case (like an assumption) when it does not meet the property's precondition. */
    public void assume(boolean condition) {
      if (!condition) {
        throw new Discarded();
      }
    }

    /** A uniformly drawn long in [min, max]. */
    public long longBetween(long min, long max) {
      return min + (long) Math.floor(random.nextDouble() * (max - min + 1));
    }

    /** A uniformly drawn int in [min, max]. */
    public int intBetween(int min, int max) {
      return min + random.nextInt(max - min + 1);
    }

    /** A uniformly drawn double in [min, max). */
    public double doubleBetween(double min, double max) {
      return min + random.nextDouble() * (max - min);
    }

    /** One of the given values, uniformly. */
    @SafeVarargs
    public final <T> T oneOf(T... values) {
      return values[random.nextInt(values.length)];
    }

    /** True with the given probability: how a generator mixes in edge cases. */
    public boolean chance(double probability) {
      return random.nextDouble() < probability;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "try %d with -D%s=%d", number, SEED_PROPERTY, baseSeed);
    }
  }

  /**
   * Checks {@code body} on {@code tries} cases (not counting discarded ones) drawn from the base seed
   * ({@code -Dproperty.seed} or {@code defaultSeed}). A failure whose message does not name the try
   * yet is rethrown with the try and seed in front of its message.
   *
   * @return how many cases were discarded
   */
  public static int check(int tries, long defaultSeed, Body body) {
    long baseSeed = Long.getLong(SEED_PROPERTY, defaultSeed);
    Random seeds = new Random(baseSeed);
    int checked = 0;
    int discarded = 0;
    for (int number = 1; checked < tries; number++) {
      Trial trial = new Trial(number, baseSeed, new Random(seeds.nextLong()));
      try {
        body.check(trial);
        checked++;
      } catch (Discarded e) {
        discarded++;
        if (discarded > MAX_DISCARD_RATIO * tries) {
          throw new AssertionError(String.format(Locale.ROOT,
              "%d cases discarded for %d checked (seed %d): the generator rarely meets the property's assumptions",
              discarded, checked, baseSeed));
        }
      } catch (AssertionError | Exception e) {
        if (e instanceof AssertionError && String.valueOf(e.getMessage()).contains(trial.toString())) {
          throw (AssertionError) e; // its description already names the try
        }
        throw new AssertionError(trial + " failed: " + e.getMessage(), e);
      }
    }
    return discarded;
  }

  /** Thrown by {@link Trial#assume}; never escapes {@link #check}. */
  private static final class Discarded extends RuntimeException {
    Discarded() {
      super(null, null, false, false);
    }
  }
}
