package dev.tributary.streams.audit;

import java.util.Objects;

/**
 * What the ledger needs to know about one counted record: the cell it falls in.
 *
 * <p>Immutable and thread-safe.
 *
 * @param receivedAtMs when the ingest service received it (for a record that could not be decoded:
 *     its Kafka timestamp, which ingest sets to the same instant); its minute is the ledger minute
 * @param source the source name (write key); empty when unknown
 * @param detail the dead-letter reason or rejection rule; empty for the other measures
 */
public record AuditSubject(long receivedAtMs, String source, String detail) {

  public AuditSubject {
    source = Objects.requireNonNullElse(source, "");
    detail = Objects.requireNonNullElse(detail, "");
  }

  /** A subject without detail. */
  public static AuditSubject of(long receivedAtMs, String source) {
    return new AuditSubject(receivedAtMs, source, "");
  }
}
