package dev.tributary.e2e.crash;

/**
 * The six processes of the pipeline the crash test kills, in the order the phases run.
 * {@link #moment()} says when a kill lands: any time, or at a moment where a crash is known to be
 * delicate for that process.
 */
public enum CrashTarget {
  INGEST("ingest", KillMoment.RECORDS_UNANSWERED),
  STREAMS("streams", KillMoment.ANY_TIME),
  SINK("sink", KillMoment.ROWS_JUST_LANDED),
  CLICKHOUSE("clickhouse", KillMoment.INSERT_IN_FLIGHT),
  KAFKA("kafka broker", KillMoment.RECORDS_UNANSWERED),
  REGISTRY("registry", KillMoment.ANY_TIME);

  private final String label;
  private final KillMoment moment;

  CrashTarget(String label, KillMoment moment) {
    this.label = label;
    this.moment = moment;
  }

  public String label() {
    return label;
  }

  /** The delicate moment that every other kill of this process waits for (the others land at random). */
  public KillMoment moment() {
    return moment;
  }

  /** What a kill waits for after its random delay. */
  public enum KillMoment {
    /** Right after the random delay. */
    ANY_TIME,
    /** While the load generator waits for an answer to a batch (produce in progress). */
    REQUEST_IN_FLIGHT,
    /**
     * Right after {@code events.raw} grew while a batch is still unanswered: its records are
     * (likely) in Kafka but the client has no 2xx, so it will send them again.
     */
    RECORDS_UNANSWERED,
    /** While ClickHouse lists an INSERT of the sink in {@code system.processes}. */
    INSERT_IN_FLIGHT,
    /**
     * Right after the row count of {@code events} grew: an INSERT has just succeeded and the sink
     * is (likely) between it and committing the offsets.
     */
    ROWS_JUST_LANDED
  }
}
