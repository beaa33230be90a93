package dev.tributary.bench.query;

import java.time.Instant;
import java.util.Locale;

/**
 * A week of product events generated inside ClickHouse ({@code INSERT ... SELECT ... FROM numbers()}),
 * shaped like real traffic rather than uniform noise, because distinct-user rollups cost what the
 * users' habits make them cost: visits (sessions) of 20 events, 20 s apart, each by one of
 * {@code events / 100} people (so five visits a week each; one in five anonymous), starting
 * uniformly over the week; a funnel of event names with revenue on purchases; two sources; and 1% of
 * rows repeated whole under another offset (a client retry that reached the warehouse, which
 * {@code events_v}'s FINAL collapses). Generating in the server loads 100M rows in minutes where sending them would take an hour.
 *
 * <p>The minute rollup rows are then derived from the loaded events by
 * {@link dev.tributary.warehouse.metrics.RecomputedMinutes}: what {@code metrics_minute} holds once the
 * pipeline has finalised the week; inserting them feeds the hourly distinct-user states
 * ({@code metrics_users_hour}) through its materialized views, exactly as the sink's inserts do.
 *
 * <p>Pure (builds SQL); thread-safe.
 */
public final class SyntheticWeek {

  /** Monday 2026-03-02 00:00:00 UTC: the week's first second. */
  public static final Instant WEEK_START = Instant.parse("2026-03-02T00:00:00Z");
  static final int EVENTS_PER_VISIT = 20;
  static final int SECONDS_BETWEEN_EVENTS = 20;
  static final int VISITS_PER_PERSON = 5;

  private final long events;

  public SyntheticWeek(long events) {
    if (events < EVENTS_PER_VISIT * VISITS_PER_PERSON) {
      throw new IllegalArgumentException("a synthetic week needs at least " + EVENTS_PER_VISIT * VISITS_PER_PERSON
          + " events, got " + events);
    }
    this.events = events;
  }

  public long events() {
    return events;
  }

  /** People in the week: every one makes about {@value #VISITS_PER_PERSON} visits. */
  public long people() {
    return events / EVENTS_PER_VISIT / VISITS_PER_PERSON;
  }

  /** Inserts events {@code [from, from + count)} of the week into {@code db.events}. */
  public String insertEvents(String db, long from, long count) {
    long weekSeconds = 7L * 86_400 - (long) EVENTS_PER_VISIT * SECONDS_BETWEEN_EVENTS;
    String visit = "intDiv(n, " + EVENTS_PER_VISIT + ")";
    String person = "(intHash64(" + visit + ") % " + people() + ")";
    return String.format(Locale.ROOT, """
        INSERT INTO %1$s.events (event_id, type, event, user_id, anonymous_id, timestamp, timestamp_ms, \
        original_timestamp_ms, sent_at_ms, received_at, received_at_ms, source, properties, context, revenue, \
        _topic, _partition, _offset) \
        SELECT concat('e-', toString(n)) AS event_id, \
        'track' AS type, \
        if(n %% %2$d = 0, 'page_viewed', arrayElement(['page_viewed', 'page_viewed', 'page_viewed', 'page_viewed', \
        'page_viewed', 'page_viewed', 'page_viewed', 'page_viewed', 'page_viewed', 'product_viewed', 'product_viewed', \
        'product_viewed', 'product_viewed', 'search', 'search', 'search', 'add_to_cart', 'add_to_cart', \
        'checkout_started', 'purchase'], (intHash32(n) %% 20) + 1)) AS event, \
        if(%3$s %% 5 = 0, NULL, concat('u-', toString(%3$s))) AS user_id, \
        concat('a-', toString(%3$s)) AS anonymous_id, \
        toDateTime(%4$d + intHash32(%5$s) %% %6$d + (n %% %2$d) * %7$d) AS timestamp, \
        toInt64(timestamp) * 1000 AS timestamp_ms, toInt64(timestamp) * 1000 AS original_timestamp_ms, \
        toInt64(timestamp) * 1000 + 200 AS sent_at_ms, timestamp + 1 AS received_at, \
        toInt64(timestamp) * 1000 + 1000 AS received_at_ms, \
        if(%3$s %% 5 = 1, 'ios', 'web') AS source, '{"path":"/products"}' AS properties, \
        '{"library":{"name":"bench"}}' AS context, \
        if(event = 'purchase', toNullable((intHash32(n * 7) %% 20000) / 100), NULL) AS revenue, \
        'events.clean' AS _topic, toInt32(number %% 3) AS _partition, toInt64(number) AS _offset \
        FROM (SELECT number, if(number %% 100 = 1, toUInt64(number - 1), number) AS n FROM numbers(%8$d, %9$d))""",
        db, EVENTS_PER_VISIT, person, WEEK_START.getEpochSecond(), visit, weekSeconds, SECONDS_BETWEEN_EVENTS,
        from, count);
  }

  /**
   * Inserts the week's person mapping into {@code db.persons}, as the streams stage leaves it once the
   * week's identify and alias calls are in: every person with a user id identified their anonymous id
   * (a row for each, and one for the user id itself, its own root); every tenth person, anonymous all
   * week, was identified as the next person's user id (their events join that person's, retroactively);
   * and every tenth user id was aliased into the next one. About 1.7 rows per person, each once.
   */
  public String insertPersons(String db) {
    String root = "concat('u-', toString(if(n % 10 = 3, n + 1, n)))";
    return String.format(Locale.ROOT, """
        INSERT INTO %1$s.persons (id_key, id, id_type, person_id, linked_to, mapped_at, first_seen, first_seen_ms, \
        last_seen, last_seen_ms, _topic, _partition, _offset) \
        SELECT concat(if(slot = 1, 'a:', 'u:'), id) AS id_key, id, if(slot = 1, 'anonymous', 'user') AS id_type, \
        person_id, if(id = person_id, NULL, toNullable(person_id)) AS linked_to, toDateTime(%2$d) AS mapped_at, \
        mapped_at AS first_seen, toInt64(%2$d) * 1000 AS first_seen_ms, mapped_at AS last_seen, \
        first_seen_ms AS last_seen_ms, 'persons' AS _topic, toInt32(0) AS _partition, \
        toInt64(rowNumberInAllBlocks()) AS _offset \
        FROM (SELECT n, slot, concat(if(slot = 1, 'a-', 'u-'), toString(n)) AS id, \
        if(slot = 1 AND n %% 5 = 0, concat('u-', toString(n + 1)), %3$s) AS person_id \
        FROM (SELECT number AS n, arrayJoin([1, 2]) AS slot FROM numbers(%4$d)) \
        WHERE (slot = 1 AND n %% 10 != 5) OR (slot = 2 AND n %% 5 != 0))""",
        db, WEEK_START.getEpochSecond(), root, people());
  }

  /**
   * The ids remapped after the person snapshot was refreshed, as live identify calls would: {@link #remaps()}
   * anonymous ids (every tenth person's) move to another person, each a new {@code persons} row at the next
   * offsets, so the snapshot misses them and the metric joins them at query time.
   */
  public String insertRemaps(String db) {
    return String.format(Locale.ROOT, """
        INSERT INTO %1$s.persons (id_key, id, id_type, person_id, linked_to, mapped_at, first_seen, first_seen_ms, \
        last_seen, last_seen_ms, _topic, _partition, _offset) \
        SELECT concat('a:', id) AS id_key, id, 'anonymous' AS id_type, person_id, toNullable(person_id) AS linked_to, \
        toDateTime(%2$d) AS mapped_at, mapped_at AS first_seen, toInt64(%2$d) * 1000 AS first_seen_ms, \
        mapped_at AS last_seen, first_seen_ms AS last_seen_ms, 'persons' AS _topic, toInt32(0) AS _partition, \
        toInt64(next + number) AS _offset \
        FROM (SELECT number, concat('a-', toString(number * 10)) AS id, concat('u-', toString(number * 10 + 2)) AS person_id, \
        (SELECT max(_offset) + 1 FROM %1$s.persons) AS next FROM numbers(%3$d))""",
        db, WEEK_START.getEpochSecond(), remaps());
  }

  /** How many ids {@link #insertRemaps} moves: 1 % of the people, at most 10,000 (a minute of busy identify traffic). */
  public long remaps() {
    return Math.min(10_000, people() / 100);
  }
}
