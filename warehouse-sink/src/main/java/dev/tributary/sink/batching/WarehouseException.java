package dev.tributary.sink.batching;

/**
 * A warehouse operation failed. {@link #retriable()} is decided in one place by the adapter
 * (for ClickHouse: {@code ClickHouseErrors}): true when the same request may succeed later
 * (server down, timeout, too many parts), false when it never will (unknown table, column or
 * type mismatch, access denied).
 */
public final class WarehouseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final boolean retriable;

  public WarehouseException(String message, boolean retriable, Throwable cause) {
    super(message, cause);
    this.retriable = retriable;
  }

  public boolean retriable() {
    return retriable;
  }
}
