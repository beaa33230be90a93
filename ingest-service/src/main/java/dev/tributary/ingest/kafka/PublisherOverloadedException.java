package dev.tributary.ingest.kafka;

/**
 * Raised (as the failure of a publish) when accepting more events would exceed the in-flight bound;
 * the client should retry shortly. Carries no stack trace: it is a routine load-shedding signal.
 */
public final class PublisherOverloadedException extends RuntimeException {

  public PublisherOverloadedException(String message) {
    super(message, null, false, false);
  }
}
