package dev.tributary.sink.batching;

/** Why a buffer became a batch; shown in logs so operators know which setting to tune. */
public enum SealReason {
  /** Reached {@code sink.batch.rows}. */
  ROWS,
  /** Oldest row waited {@code sink.batch.max.age.ms}. */
  AGE,
  /** The next record belongs to another ClickHouse partition (month). */
  PARTITION_CHANGE
}
