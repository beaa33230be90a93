package dev.tributary.bench.report;

import java.util.OptionalDouble;

/**
 * Reads one sample out of a Prometheus text scrape ({@code /metrics}): the value of the first line
 * whose metric name is {@code name}, with or without labels. Pure; thread-safe.
 */
public final class MetricsText {

  private MetricsText() {}

  /** The value of {@code name}'s first sample in {@code scrape}; empty when there is none. */
  public static OptionalDouble value(String scrape, String name) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(name)) {
        continue;
      }
      String rest = line.substring(name.length());
      if (!rest.startsWith(" ") && !rest.startsWith("{")) {
        continue; // a longer name with this prefix
      }
      int end = rest.startsWith("{") ? rest.indexOf('}') + 1 : 0;
      String[] fields = rest.substring(end).strip().split("\\s+");
      try {
        return OptionalDouble.of(Double.parseDouble(fields[0]));
      } catch (NumberFormatException e) {
        return OptionalDouble.empty();
      }
    }
    return OptionalDouble.empty();
  }
}
