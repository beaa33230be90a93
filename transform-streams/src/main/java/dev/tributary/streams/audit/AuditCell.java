package dev.tributary.streams.audit;

import dev.tributary.common.audit.AuditMeasure;
import java.util.Objects;

/**
 * One cell of a reporter's ledger: received minute, measure, detail and source. Its
 * {@link #storeKey()} is the key of the pending-count store; the source is last, so it may hold any
 * character but the separator.
 *
 * <p>Immutable and thread-safe.
 */
record AuditCell(long minuteMs, AuditMeasure measure, String detail, String source) {

  static final long MINUTE_MS = 60_000L;
  private static final char SEPARATOR = '\u001f';

  AuditCell {
    Objects.requireNonNull(measure, "measure");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(source, "source");
  }

  /** The cell a subject counts into. */
  static AuditCell of(AuditMeasure measure, AuditSubject subject) {
    return new AuditCell(minuteOf(subject.receivedAtMs()), measure, subject.detail(), subject.source());
  }

  /** Start of the minute {@code epochMs} falls in (floor, also before 1970). */
  static long minuteOf(long epochMs) {
    return Math.floorDiv(epochMs, MINUTE_MS) * MINUTE_MS;
  }

  String storeKey() {
    return Long.toString(minuteMs) + SEPARATOR + measure.name() + SEPARATOR + detail + SEPARATOR + source;
  }

  static AuditCell parse(String storeKey) {
    String[] parts = storeKey.split(String.valueOf(SEPARATOR), 4);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an audit cell key: " + storeKey.length() + " chars");
    }
    return new AuditCell(Long.parseLong(parts[0]), AuditMeasure.valueOf(parts[1]), parts[2], parts[3]);
  }

  /** The audit topic's key of this cell as reported by {@code stage}/{@code reporter} (KeyRule.AUDIT_CELL). */
  String topicKey(String stage, String reporter) {
    return stage + '|' + reporter + '|' + minuteMs + '|' + measure.name() + '|' + detail + '|' + source;
  }
}
