package dev.tributary.console.warehouse;

/**
 * The warehouse could not answer a console query (unreachable, timed out, or refused it, e.g. a view
 * the sink has not created yet). The HTTP layer answers 502 with the message.
 *
 * <p>Immutable; thread-safe.
 */
public final class WarehouseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public WarehouseException(String message, Throwable cause) {
    super(message, cause);
  }
}
