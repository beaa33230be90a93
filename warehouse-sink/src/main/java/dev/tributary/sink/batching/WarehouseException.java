package dev.tributary.sink.batching;

/**
 * A warehouse operation failed. {@link #retriable()} is decided in one place by the adapter
 * (for ClickHouse: {@code ClickHouseErrors}): true when the same request may succeed later
 * (server down, timeout, too many parts), false when it never will (unknown table, column or
 * type mismatch, access denied). {@link #fenced()} is a third kind: the warehouse refused the write
 * because another sink instance claimed the partition since this one did (see
 * {@link WarehouseWriter#claim}); retrying cannot help and stopping is wrong: the partition is no
 * longer this instance's to write.
 */
public final class WarehouseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final boolean retriable;
  private final boolean fenced;

  public WarehouseException(String message, boolean retriable, Throwable cause) {
    this(message, retriable, false, cause);
  }

  private WarehouseException(String message, boolean retriable, boolean fenced, Throwable cause) {
    super(message, cause);
    this.retriable = retriable;
    this.fenced = fenced;
  }

  /** The write was refused because a newer owner claimed the partition: this instance is a zombie for it. */
  public static WarehouseException fenced(String message, Throwable cause) {
    return new WarehouseException(message, false, true, cause);
  }

  /** Whether a newer owner's claim refused the write (never retriable). */
  public boolean fenced() {
    return fenced;
  }

  public boolean retriable() {
    return retriable;
  }
}
