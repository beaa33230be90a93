package dev.tributary.streams.metrics;

import dev.tributary.events.CleanEvent;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Moves a clean event onto event time and onto its metrics key: sets the record timestamp to the
 * corrected {@code CleanEvent.timestamp} (stream time, finalisation and lateness are judged on
 * record timestamps), keys it by {@link EventSource} and reduces the value to the
 * {@link MetricSample} the per-minute metrics need.
 *
 * <p>One instance per task; stateless.
 */
final class EventTimeStamper extends ContextualProcessor<String, CleanEvent, EventSource, MetricSample> {

  @Override
  public void process(Record<String, CleanEvent> record) {
    CleanEvent event = record.value();
    long eventTime = event.getTimestamp().toEpochMilli();
    Double revenue = event.getRevenue();
    String identity = event.getUserId() != null ? event.getUserId() : event.getAnonymousId();
    MetricSample sample = new MetricSample(eventTime, revenue == null ? 0.0 : revenue, IdentityHash.of(identity),
        event.getReceivedAt().toEpochMilli());
    context().forward(new Record<>(new EventSource(event.getEvent(), event.getSource()), sample, eventTime,
        record.headers()));
  }
}
