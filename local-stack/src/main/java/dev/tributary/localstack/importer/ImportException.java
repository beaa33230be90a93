package dev.tributary.localstack.importer;

/**
 * The import cannot start: the file is unreadable, the mapping names a missing column, or the
 * checkpoint belongs to a different or changed file. The message says what to do; the CLI exits 2.
 */
public final class ImportException extends Exception {
  private static final long serialVersionUID = 1L;

  public ImportException(String message) {
    super(message);
  }

  public ImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
