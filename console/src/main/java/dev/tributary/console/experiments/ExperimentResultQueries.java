package dev.tributary.console.experiments;

import dev.tributary.console.query.ConsoleQuery;
import dev.tributary.console.query.ConsoleViews;
import dev.tributary.console.query.SqlParam;
import dev.tributary.console.warehouse.QueryResult;
import dev.tributary.experiments.report.ExposureRow;
import dev.tributary.experiments.report.ObservedResults;
import dev.tributary.experiments.report.ResultsQueries;
import dev.tributary.experiments.report.SumsRow;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The two queries behind an experiment's result, as console queries: the experiments module's own SQL
 * ({@link ResultsQueries#sumsTemplate()}, {@link ResultsQueries#exposuresTemplate()}: the views' columns in the
 * order of {@link SumsRow}'s and {@link ExposureRow}'s components) with the key and the phase bound as parameters,
 * and the answers turned back into those rows. There is no second statistics path: the rows go to the experiments
 * module's reporter unchanged.
 *
 * <p>Pure; immutable; thread-safe.
 */
public final class ExperimentResultQueries {

  private final ResultsQueries sql;

  public ExperimentResultQueries(String database) {
    this.sql = new ResultsQueries(database, ConsoleViews.experimentSums(), ConsoleViews.experimentExposures());
  }

  /** The sums of one phase ({@code experiment_sums_v}), key and phase bound. */
  public ConsoleQuery sums(String key, int phase) {
    return ConsoleQuery.of("experiments.result.sums", sql.sumsTemplate(), new SqlParam.Text(key),
        new SqlParam.Int(phase));
  }

  /** Units and exclusions per variant of one phase ({@code experiment_exposures_v}), key and phase bound. */
  public ConsoleQuery exposures(String key, int phase) {
    return ConsoleQuery.of("experiments.result.exposures", sql.exposuresTemplate(), new SqlParam.Text(key),
        new SqlParam.Int(phase));
  }

  /** The rows of both answers, by column position (the templates fix the order). */
  public static ObservedResults observed(QueryResult sums, QueryResult exposures) {
    List<SumsRow> sumsRows = new ArrayList<>(sums.rows().size());
    for (List<Object> r : sums.rows()) {
      sumsRows.add(new SumsRow(text(r.get(0)), (int) whole(r.get(1)), text(r.get(2)), text(r.get(3)),
          ResultsQueries.kind(text(r.get(4))), whole(r.get(5)), real(r.get(6)), real(r.get(7)), real(r.get(8)),
          real(r.get(9)), real(r.get(10)), real(r.get(11)), real(r.get(12)), real(r.get(13))));
    }
    List<ExposureRow> exposureRows = new ArrayList<>(exposures.rows().size());
    for (List<Object> r : exposures.rows()) {
      exposureRows.add(new ExposureRow(text(r.get(0)), (int) whole(r.get(1)), text(r.get(2)), whole(r.get(3)),
          whole(r.get(4)), instant(r.get(5)), instant(r.get(6))));
    }
    return new ObservedResults(sumsRows, exposureRows);
  }

  private static String text(Object value) {
    if (value == null) {
      throw new IllegalStateException("a text column of the experiment views is null");
    }
    return value.toString();
  }

  private static long whole(Object value) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    return Long.parseLong(text(value));
  }

  /** NaN for null: ClickHouse writes a non-finite float as null in JSON. */
  private static double real(Object value) {
    if (value == null) {
      return Double.NaN;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    return Double.parseDouble(value.toString());
  }

  /**
   * A {@code DateTime('UTC')} as the driver hands it over: epoch seconds, or text in ISO form (with an offset or
   * a zone) or as ClickHouse prints it ({@code 2026-11-30 12:00:05}, UTC).
   */
  static Instant instant(Object value) {
    if (value instanceof Number n) {
      return Instant.ofEpochSecond(n.longValue());
    }
    String text = text(value).strip();
    try {
      return ZonedDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notZoned) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException notOffset) {
        return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
      }
    }
  }
}
