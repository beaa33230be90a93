package dev.tributary.streams.metrics;

import dev.tributary.events.MinuteMetric;
import dev.tributary.events.TooLateEvent;

/**
 * What the per-minute metrics processor emits: a row of {@code metrics.minute} or an event too late
 * for its final minute. One stream, split by type before the sinks, so both are decided by the same
 * processor against the same stream time.
 *
 * <p>Immutable.
 */
sealed interface MinuteOutput {

  /** A provisional or final row of one minute, event name and source. */
  record Row(MinuteMetric metric) implements MinuteOutput {}

  /** An event whose minute was already final; {@code receivedAtMs} is its received time (the audit ledger's minute). */
  record Late(TooLateEvent event, long receivedAtMs) implements MinuteOutput {}
}
