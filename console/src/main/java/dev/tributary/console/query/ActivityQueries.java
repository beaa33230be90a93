package dev.tributary.console.query;

import java.util.Objects;

/**
 * The queries of the sessions and persons page: sessions per hour or day (visitors, duration,
 * pages, bounce and conversion rates), the top entry pages, and the identity graph in numbers.
 *
 * <p>Pure; immutable; thread-safe.
 */
public final class ActivityQueries {

  /** Entry pages listed at most. */
  public static final int TOP_ENTRY_PAGES = 10;

  private final ConsoleViews views;

  public ActivityQueries(ConsoleViews views) {
    this.views = Objects.requireNonNull(views, "views");
  }

  /** Per hour or day of session start in {@code range}. */
  public ConsoleQuery sessions(Grain grain, TimeRange range) {
    if (grain == Grain.MINUTE) {
      throw new IllegalArgumentException("sessions are charted per hour or day");
    }
    String start = grain == Grain.HOUR ? "toStartOfHour(started_at)" : "toStartOfDay(started_at)";
    return ConsoleQuery.of("sessions.series." + grain.code(), "SELECT toUInt32(" + start + ") AS t,"
        + " count() AS sessions, uniqExact(identity) AS visitors, avg(duration_ms) / 1000 AS avg_duration_s,"
        + " sum(page_views) AS pages, countIf(events = 1) / count() AS bounce_rate,"
        + " sum(converted) / count() AS conversion_rate FROM " + views.sessions()
        + " WHERE started_at >= toDateTime(?) AND started_at < toDateTime(?) GROUP BY t ORDER BY t",
        range.from(), range.to());
  }

  /** The most frequent entry pages of sessions started in {@code range}, with their conversions. */
  public ConsoleQuery entryPages(TimeRange range) {
    return ConsoleQuery.of("sessions.entry_pages", "SELECT ifNull(entry_path, '(none)') AS entry,"
        + " count() AS sessions, sum(converted) AS conversions FROM " + views.sessions()
        + " WHERE started_at >= toDateTime(?) AND started_at < toDateTime(?)"
        + " GROUP BY entry ORDER BY sessions DESC, entry LIMIT ?", range.from(), range.to(),
        new SqlParam.Int(TOP_ENTRY_PAGES));
  }

  /** Persons, and the anonymous and user ids mapped to them. */
  public ConsoleQuery persons() {
    return ConsoleQuery.of("persons.summary", "SELECT uniqExact(person_id) AS persons,"
        + " countIf(id_type = 'anonymous') AS anonymous_ids, countIf(id_type = 'user') AS user_ids,"
        + " countIf(isNotNull(linked_to)) AS linked_ids FROM " + views.persons());
  }
}
