package dev.tributary.console.query;

import dev.tributary.common.event.Rule;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The query parameters of one console request, checked against the rules of the endpoint that
 * reads them: a parameter that is unknown, repeated, of the wrong type or out of range throws an
 * {@link InvalidParameterException} naming it and the rule, which the HTTP layer answers with 400.
 * Nothing here builds SQL: values leave as typed Java values for the query builders to bind.
 *
 * <p>Immutable; thread-safe.
 */
public final class RequestParams {

  /** Longest accepted text value (event names, experiment keys). */
  public static final int MAX_TEXT = 200;
  /** Epoch seconds before this are taken for a mistake (milliseconds are 1000x larger and refused above). */
  static final long MIN_SECONDS = 0L;
  /** 9999-12-31: later bounds are refused; ClickHouse's DateTime ends in 2106 anyway. */
  static final long MAX_SECONDS = 253_402_214_400L;
  private static final Pattern METRIC_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private final Map<String, List<String>> values;
  private final Clock clock;

  /**
   * @param values the query string, name to every value given
   * @param allowed the parameters the endpoint reads; any other is refused
   * @param clock what "now" is for windows without {@code to}
   * @throws InvalidParameterException for an unknown or repeated parameter
   */
  public RequestParams(Map<String, List<String>> values, Set<String> allowed, Clock clock) {
    this.values = Map.copyOf(values);
    this.clock = clock;
    for (Map.Entry<String, List<String>> e : this.values.entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw new InvalidParameterException(e.getKey(), Rule.ONE_OF, "unknown parameter '" + e.getKey()
            + "'; this endpoint reads " + (allowed.isEmpty() ? "no parameters" : String.join(", ", new TreeSet<>(allowed))));
      }
      if (e.getValue().size() > 1) {
        throw new InvalidParameterException(e.getKey(), Rule.CONFLICT, e.getKey() + " is given "
            + e.getValue().size() + " times; give it once");
      }
    }
  }

  /** The value of {@code name}, if given. */
  public Optional<String> raw(String name) {
    List<String> v = values.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** {@code grain} among {@code allowed}, else {@code fallback} when absent. */
  public Grain grain(Set<Grain> allowed, Grain fallback) {
    Optional<String> given = raw("grain");
    if (given.isEmpty()) {
      return fallback;
    }
    return Grain.byCode(given.get()).filter(allowed::contains).orElseThrow(() -> new InvalidParameterException(
        "grain", Rule.ONE_OF, "grain must be one of " + Arrays.stream(Grain.values()).filter(allowed::contains)
            .map(Grain::code).collect(Collectors.joining(", ")) + ", not '" + given.get() + "'"));
  }

  /**
   * The window {@code [from, to)} in epoch seconds: {@code to} defaults to now (rounded up to the
   * grain's step), {@code from} to {@code to} minus the grain's default span; the span may not
   * exceed {@link Grain#maxSpan()}.
   */
  public TimeRange range(Grain grain) {
    long step = grain.step().toSeconds();
    long now = clock.instant().getEpochSecond();
    long to = seconds("to").orElse(Math.floorDiv(now, step) * step + step);
    long from = seconds("from").orElse(to - grain.defaultSpan().toSeconds());
    if (from >= to) {
      throw new InvalidParameterException("from", Rule.ONE_OF, "from (" + from + ") must be before to (" + to + ")");
    }
    if (to - from > grain.maxSpan().toSeconds()) {
      throw new InvalidParameterException("from", Rule.MAX_PAST, "a " + grain.code() + " chart covers at most "
          + grain.maxSpan().toDays() + " days; from " + from + " to " + to + " is " + (to - from) / 86_400 + " days");
    }
    return new TimeRange(from, to);
  }

  /** A text value: at most {@link #MAX_TEXT} characters, not blank, without NUL. */
  public Optional<String> text(String name) {
    Optional<String> given = raw(name);
    given.ifPresent(v -> {
      if (v.isBlank()) {
        throw new InvalidParameterException(name, Rule.NOT_EMPTY, name + " must not be blank");
      }
      if (v.length() > MAX_TEXT) {
        throw new InvalidParameterException(name, Rule.MAX_LENGTH, name + " is " + v.length()
            + " characters long; at most " + MAX_TEXT);
      }
      if (v.indexOf('\0') >= 0) {
        throw new InvalidParameterException(name, Rule.NUL_CHARACTER, name + " must not contain the NUL character");
      }
    });
    return given;
  }

  /** A required text value (see {@link #text}). */
  public String requiredText(String name) {
    return text(name).orElseThrow(() -> new InvalidParameterException(name, Rule.REQUIRED, name + " is required"));
  }

  /** A metric name as the catalogue spells them (snake_case), required. */
  public String metricName(String name) {
    String value = requiredText(name);
    if (!METRIC_NAME.matcher(value).matches()) {
      throw new InvalidParameterException(name, Rule.TYPE, name + " must be a metric name of the catalogue"
          + " (snake_case: a-z, 0-9, _), not '" + value + "'");
    }
    return value;
  }

  /** A whole number in {@code [1, max]}, if given (an experiment's phase). */
  public Optional<Integer> positiveInt(String name, int max) {
    return whole(name, 1, max, "a whole number", "").map(Long::intValue);
  }

  private Optional<Long> seconds(String name) {
    return whole(name, MIN_SECONDS, MAX_SECONDS, "whole epoch seconds", " (milliseconds? divide by 1000)");
  }

  /** {@code name} as a whole number in {@code [min, max]}: refused with {@code type}, or {@code one_of} outside. */
  private Optional<Long> whole(String name, long min, long max, String what, String hint) {
    return raw(name).map(v -> {
      long n;
      try {
        n = Long.parseLong(v.strip());
      } catch (NumberFormatException e) {
        throw new InvalidParameterException(name, Rule.TYPE, name + " must be " + what + ", not '" + v + "'");
      }
      if (n < min || n > max) {
        throw new InvalidParameterException(name, Rule.ONE_OF, name + " must be " + what + " between " + min
            + " and " + max + hint + ", not " + n);
      }
      return n;
    });
  }
}
