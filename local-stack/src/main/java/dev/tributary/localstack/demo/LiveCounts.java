package dev.tributary.localstack.demo;

import dev.tributary.localstack.component.ClickHouseHttp;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads what reached the warehouse — events, dead letters, and the latest minute's metrics — so
 * the demo shows the pipeline working end to end. Tolerant: a table that does not exist yet (the
 * sink creates them) shows as "n/a" with the reason, never stops the demo.
 *
 * <p>Thread-safe (stateless apart from the immutable client).
 */
public final class LiveCounts {

  private final ClickHouseHttp clickhouse;
  private final String database;

  public LiveCounts(ClickHouseHttp clickhouse, String database) {
    this.clickhouse = clickhouse;
    this.database = database;
  }

  /** One status line: demo counters plus warehouse counts. */
  public String line(DemoTraffic traffic) {
    String time = LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
    StringBuilder sb = new StringBuilder();
    sb.append('[').append(time).append(" UTC] sent ").append(traffic.eventsSent())
        .append(" (2xx ").append(traffic.eventsAnswered2xx()).append(", failed requests ").append(traffic.requestsFailed()).append(')')
        .append(" | ").append(database).append(".events_v ").append(scalar("SELECT count() FROM " + database + ".events_v"))
        .append(" | dead_letters ").append(scalar("SELECT count() FROM " + database + ".dead_letters"))
        .append(System.lineSeparator()).append("    latest minute: ").append(latestMinute());
    if (!traffic.lastError().isEmpty() && traffic.requestsFailed() > 0) {
      sb.append(System.lineSeparator()).append("    last ingest error: ").append(traffic.lastError());
    }
    return sb.toString();
  }

  private String scalar(String sql) {
    try {
      return clickhouse.query(sql).trim();
    } catch (RuntimeException e) {
      return "n/a (" + shortReason(e) + ")";
    }
  }

  /** Event counts of the newest minute in {@code metrics_minute_v}, columns found from system.columns. */
  String latestMinute() {
    try {
      String view = database + ".metrics_minute_v";
      List<String[]> columns = new ArrayList<>();
      for (String row : clickhouse.query("SELECT name, type FROM system.columns WHERE database = '" + database
          + "' AND table = 'metrics_minute_v'").split("\n")) {
        if (!row.isBlank()) {
          columns.add(row.split("\t", 2));
        }
      }
      Optional<String> minute = columns.stream().filter(c -> c[1].startsWith("DateTime")).map(c -> c[0]).findFirst();
      Optional<String> event = columns.stream().filter(c -> c[0].equals("event") || c[0].equals("event_name")).map(c -> c[0]).findFirst();
      Optional<String> count = columns.stream().filter(c -> c[0].toLowerCase(Locale.ROOT).contains("count")).map(c -> c[0]).findFirst();
      if (minute.isEmpty() || event.isEmpty() || count.isEmpty()) {
        return "n/a (" + view + " missing or without minute/event/count columns)";
      }
      String sql = "SELECT toString(" + minute.get() + "), " + event.get() + ", " + count.get() + " FROM " + view
          + " WHERE " + minute.get() + " = (SELECT max(" + minute.get() + ") FROM " + view + ") ORDER BY "
          + count.get() + " DESC";
      StringBuilder sb = new StringBuilder();
      String at = null;
      for (String row : clickhouse.query(sql).split("\n")) {
        String[] f = row.split("\t");
        if (f.length == 3) {
          at = f[0];
          sb.append(' ').append(f[1]).append('=').append(f[2]);
        }
      }
      return at == null ? "(no metrics yet)" : at + ":" + sb;
    } catch (RuntimeException e) {
      return "n/a (" + shortReason(e) + ")";
    }
  }

  private static String shortReason(RuntimeException e) {
    String m = String.valueOf(e.getMessage());
    int cut = m.indexOf(", e.what()");
    m = cut > 0 ? m.substring(0, cut) : m;
    return m.length() > 160 ? m.substring(0, 160) + "..." : m;
  }
}
