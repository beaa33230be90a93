package dev.tributary.console.experiments;

import dev.tributary.console.warehouse.QueryResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** The experiment of the console's tests: its definitions file and what the result views answer for it. */
public final class ExperimentResultFixtures {

  /** What the two result views answer for checkout, phase 1 (columns in the report rows' order). */
  public static final QueryResult SUMS = rows(14,
      List.of("checkout", 1L, "control", "purchase_conversion_rate", "proportion", 2000L, 203.0, 203.0, 0.0, 0.0, 0.0,
          0.0, 0.0, 0.0),
      List.of("checkout", 1L, "green", "purchase_conversion_rate", "proportion", 2034L, 251.0, 251.0, 0.0, 0.0, 0.0,
          0.0, 0.0, 0.0));
  public static final QueryResult EXPOSURES = rows(7,
      List.of("checkout", 1L, "control", 2000L, 3L, "2026-11-30 09:00:05", "2026-11-30 10:00:00"),
      List.of("checkout", 1L, "green", 2034L, 0L, "2026-11-30 09:00:06", "2026-11-30 10:00:01"));

  private ExperimentResultFixtures() {}

  /** The text of {@code experiments/checkout.yaml} (test resources). */
  public static String definitions() throws IOException {
    try (InputStream in = ExperimentResultFixtures.class.getResourceAsStream("/experiments/checkout.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static QueryResult rows(int columns, List<?>... rows) {
    List<String> names = IntStream.range(0, columns).mapToObj(i -> "c" + i).toList();
    return new QueryResult(names, Arrays.stream(rows).map(r -> (List<Object>) new ArrayList<Object>(r)).toList(), 0);
  }
}
