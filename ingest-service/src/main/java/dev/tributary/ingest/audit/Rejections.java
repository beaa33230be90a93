package dev.tributary.ingest.audit;

import dev.tributary.common.audit.AuditMeasure;
import dev.tributary.common.catalogue.AuditReconciliation;
import dev.tributary.events.AuditCount;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one request was refused at the door, for the audit ledger: how many of its items (or the
 * request itself, when no event could be told apart: an unreadable or oversize body, a missing write
 * key) each rule refused, in the minute it was received, for its source. Becomes one
 * {@link AuditCount} delta of {@link AuditMeasure#REJECTED} per rule (see docs/AUDIT.md).
 *
 * <p>Immutable and thread-safe.
 *
 * @param receivedAt when the ingest service received the request
 * @param source the source of its write key, or {@link AuditReconciliation#UNIDENTIFIED_SOURCE}
 * @param byRule refused items per rule code (a {@code Rule} code or the answer's error code)
 */
public record Rejections(Instant receivedAt, String source, Map<String, Long> byRule) {

  private static final long MINUTE_MS = 60_000L;

  public Rejections {
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(source, "source");
    byRule = Map.copyOf(byRule);
    if (byRule.isEmpty() || byRule.values().stream().anyMatch(n -> n < 1)) {
      throw new IllegalArgumentException("rejections need at least one rule with a positive count: " + byRule);
    }
  }

  /** The rejections of a request whose items were refused by {@code rules}, one entry per item. */
  public static Rejections of(Instant receivedAt, String source, List<String> rules) {
    Map<String, Long> byRule = new TreeMap<>();
    rules.forEach(rule -> byRule.merge(rule, 1L, Long::sum));
    return new Rejections(receivedAt, source == null ? AuditReconciliation.UNIDENTIFIED_SOURCE : source, byRule);
  }

  /** How many items were refused. */
  public long total() {
    return byRule.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The ledger's deltas, one per rule, as reported by ingest instance {@code reporter}, in rule order. */
  public List<AuditCount> counts(String reporter) {
    Instant minute = Instant.ofEpochMilli(Math.floorDiv(receivedAt.toEpochMilli(), MINUTE_MS) * MINUTE_MS);
    return new TreeMap<>(byRule).entrySet().stream()
        .map(e -> AuditCount.newBuilder()
            .setStage(AuditReconciliation.INGEST_STAGE)
            .setReporter(reporter)
            .setMinuteStart(minute)
            .setSource(source)
            .setMeasure(AuditMeasure.REJECTED.name())
            .setDetail(e.getKey())
            .setCount(e.getValue())
            .setWatermark(receivedAt)
            .setReportedAt(receivedAt)
            .build())
        .toList();
  }

  /** The audit topic's key of {@code count} (KeyRule.AUDIT_CELL). */
  public static String key(AuditCount count) {
    return count.getStage() + '|' + count.getReporter() + '|' + count.getMinuteStart().toEpochMilli() + '|'
        + count.getMeasure() + '|' + count.getDetail() + '|' + count.getSource();
  }
}
