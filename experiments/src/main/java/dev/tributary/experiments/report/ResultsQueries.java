package dev.tributary.experiments.report;

import dev.tributary.experiments.stats.MetricKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The SQL that reads one experiment phase from the two result views, and the parser of its answer, shared by
 * every {@link ExperimentResults} adapter so they read the same columns the same way. Free-text columns come
 * back as hex, so a tab or newline in a variation id survives the TabSeparated format unescaped. Plain SQL for
 * ClickHouse 18.16 and current releases (no JOIN, no parameters).
 *
 * <p>Two forms: {@link #sumsSql}/{@link #exposuresSql} for the HTTP interface, with the key and phase written in
 * (the key quoted and escaped), text columns as hex and {@code FORMAT TabSeparated}, read back by {@link #parse};
 * and {@link #sumsTemplate}/{@link #exposuresTemplate} for a JDBC {@code PreparedStatement}: the views' own
 * columns in the order of {@link SumsRow}'s and {@link ExposureRow}'s components, two {@code ?} placeholders
 * (key, then phase) and no {@code FORMAT} (the driver chooses it). Immutable; thread-safe.
 */
public final class ResultsQueries {

  static final String SUMS_COLUMNS = "hex(experiment_key), phase, hex(variation_id), hex(metric), metric_kind,"
      + " units, sum, sum_squares, denominator_sum, denominator_sum_squares, sum_products, pre_sum,"
      + " pre_sum_squares, pre_sum_products";
  static final String EXPOSURE_COLUMNS = "hex(experiment_key), phase, hex(variation_id), units, excluded_units,"
      + " toUInt32(first_exposure), toUInt32(last_exposure)";
  static final String SUMS_PLAIN_COLUMNS = "experiment_key, phase, variation_id, metric, metric_kind, units, sum,"
      + " sum_squares, denominator_sum, denominator_sum_squares, sum_products, pre_sum, pre_sum_squares,"
      + " pre_sum_products";
  static final String EXPOSURE_PLAIN_COLUMNS = "experiment_key, phase, variation_id, units, excluded_units,"
      + " first_exposure, last_exposure";
  private static final String TSV = " FORMAT TabSeparated";
  private static final int SUMS_FIELDS = 14;
  private static final int EXPOSURE_FIELDS = 7;

  private final String sumsView;
  private final String exposuresView;

  /**
   * @param database the warehouse database
   * @param sumsView the name of the sums view ({@code experiment_sums_v})
   * @param exposuresView the name of the exposures view ({@code experiment_exposures_v})
   */
  public ResultsQueries(String database, String sumsView, String exposuresView) {
    this.sumsView = quote(database) + "." + quote(sumsView);
    this.exposuresView = quote(database) + "." + quote(exposuresView);
  }

  /** The sums of {@code key}'s {@code phase}, TabSeparated. */
  public String sumsSql(String key, int phase) {
    return sums(SUMS_COLUMNS, literal(key), Integer.toString(phase)) + TSV;
  }

  /** The exposures of {@code key}'s {@code phase}, TabSeparated. */
  public String exposuresSql(String key, int phase) {
    return exposures(EXPOSURE_COLUMNS, literal(key), Integer.toString(phase)) + TSV;
  }

  /** The sums query for JDBC: {@code ?} for the key and the phase, the view's columns in {@link SumsRow}'s order. */
  public String sumsTemplate() {
    return sums(SUMS_PLAIN_COLUMNS, "?", "?");
  }

  /** The exposures query for JDBC: {@code ?} for the key and the phase, columns in {@link ExposureRow}'s order. */
  public String exposuresTemplate() {
    return exposures(EXPOSURE_PLAIN_COLUMNS, "?", "?");
  }

  private String sums(String columns, String key, String phase) {
    return "SELECT " + columns + " FROM " + sumsView + " WHERE experiment_key = " + key + " AND phase = " + phase
        + " ORDER BY variation_id, metric";
  }

  private String exposures(String columns, String key, String phase) {
    return "SELECT " + columns + " FROM " + exposuresView + " WHERE experiment_key = " + key + " AND phase = " + phase
        + " ORDER BY variation_id";
  }

  /** Both answers, as the server returned them (TabSeparated text, one row a line). */
  public static ObservedResults parse(String sumsTsv, String exposuresTsv) {
    List<SumsRow> sums = new ArrayList<>();
    for (String line : sumsTsv.split("\n")) {
      if (!line.isEmpty()) {
        sums.add(parseSums(line));
      }
    }
    List<ExposureRow> exposures = new ArrayList<>();
    for (String line : exposuresTsv.split("\n")) {
      if (!line.isEmpty()) {
        exposures.add(parseExposure(line));
      }
    }
    return new ObservedResults(sums, exposures);
  }

  static SumsRow parseSums(String line) {
    String[] f = fields(line, SUMS_FIELDS, "sums");
    return new SumsRow(text(f[0]), Integer.parseInt(f[1]), text(f[2]), text(f[3]), kind(f[4]), Long.parseLong(f[5]),
        number(f[6]), number(f[7]), number(f[8]), number(f[9]), number(f[10]), number(f[11]), number(f[12]),
        number(f[13]));
  }

  static ExposureRow parseExposure(String line) {
    String[] f = fields(line, EXPOSURE_FIELDS, "exposures");
    return new ExposureRow(text(f[0]), Integer.parseInt(f[1]), text(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
        Instant.ofEpochSecond(Long.parseLong(f[5])), Instant.ofEpochSecond(Long.parseLong(f[6])));
  }

  /** The view's {@code metric_kind} spelling ({@code mean}, {@code proportion}, {@code ratio}). */
  public static MetricKind kind(String code) {
    for (MetricKind k : MetricKind.values()) {
      if (k.name().toLowerCase(Locale.ROOT).equals(code)) {
        return k;
      }
    }
    throw new IllegalStateException("unknown metric_kind '" + code + "' in the sums view; expected mean,"
        + " proportion or ratio");
  }

  private static String[] fields(String line, int count, String what) {
    String[] f = line.split("\t", -1);
    if (f.length != count) {
      throw new IllegalStateException("unexpected " + what + " row (" + f.length + " fields, expected " + count
          + "): " + line);
    }
    return f;
  }

  private static String text(String hex) {
    return new String(HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)), StandardCharsets.UTF_8);
  }

  /** ClickHouse writes non-finite floats as {@code nan}, {@code inf}, {@code -inf}. */
  private static double number(String field) {
    return switch (field) {
      case "nan", "-nan" -> Double.NaN;
      case "inf", "+inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(field);
    };
  }

  private static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static String quote(String identifier) {
    Objects.requireNonNull(identifier, "identifier");
    return "`" + identifier.replace("\\", "\\\\").replace("`", "\\`") + "`";
  }
}
