package dev.tributary.console.experiments;

/**
 * The console cannot read experiment definitions: none configured, or the file cannot be read or is refused.
 * The HTTP layer answers 503 with the message, which names the setting or the file's problems.
 *
 * <p>Immutable; thread-safe.
 */
public final class DefinitionsUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public DefinitionsUnavailableException(String message) {
    super(message);
  }
}
