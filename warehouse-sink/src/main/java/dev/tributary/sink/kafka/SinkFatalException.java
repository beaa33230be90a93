package dev.tributary.sink.kafka;

/**
 * The sink cannot go on without skipping or corrupting data (a record that cannot be read, a
 * batch ClickHouse will never accept). The message names the topic, partition and offsets and
 * what to do; the process stops, and after the fix resumes exactly where the warehouse ends.
 */
public final class SinkFatalException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SinkFatalException(String message, Throwable cause) {
    super(message, cause);
  }
}
