package dev.tributary.streams.sessions;

import dev.tributary.events.CleanEvent;
import java.time.Duration;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Places each clean event into its identity's sessions ({@link IdentitySessions#place}), forwards
 * the event with its {@code session_id} and the session versions it changed, and keeps the
 * identity's state compacted in the {@code sessions-store}.
 *
 * <p><b>Stream time and grace.</b> The watermark is the task's stream time (the highest record
 * timestamp it has read, which Kafka Streams keeps across restarts) minus the grace period, the same
 * clock as a windowed aggregation. An event whose event time is older than that gets a
 * {@code late} session of its own, never dropped.
 *
 * <p><b>Partitioning assumption.</b> The input is keyed by identity (user_id, else anonymous_id)
 * upstream of any repartition, so one task sees every event of an identity. A source that keys
 * events.raw otherwise would split an identity's sessions between tasks.
 *
 * <p><b>Idle identities.</b> An identity that stops sending keeps its last open session until a
 * wall-clock punctuation (every {@code inactivity}) compacts the whole store against the current
 * watermark and deletes the entries left empty. The punctuation changes no output (compaction
 * never does), so its wall-clock timing cannot make the results depend on when it ran. It reads the
 * whole store: its cost grows with the identities active in about two inactivity periods.
 *
 * <p>One instance per task; not thread-safe.
 */
final class SessionProcessor extends ContextualFixedKeyProcessor<String, CleanEvent, SessionOutput> {

  private final String storeName;
  private final SessionRules rules;
  private KeyValueStore<String, IdentitySessions> store;

  SessionProcessor(String storeName, SessionRules rules) {
    this.storeName = storeName;
    this.rules = rules;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, SessionOutput> context) {
    super.init(context);
    store = context.getStateStore(storeName);
    Duration every = rules.inactivity();
    context.schedule(every, PunctuationType.WALL_CLOCK_TIME, now -> evictIdle());
  }

  @Override
  public void process(FixedKeyRecord<String, CleanEvent> record) {
    CleanEvent event = record.value();
    String identity = event.getUserId() != null ? event.getUserId() : event.getAnonymousId();
    long watermark = watermark();
    IdentitySessions state = store.get(identity);
    IdentitySessions.Step step = (state == null ? IdentitySessions.EMPTY : state)
        .place(identity, EventMark.of(event, rules), watermark, rules);
    IdentitySessions next = step.next().compact(watermark, identity, rules);
    if (next.isEmpty()) {
      store.delete(identity);
    } else if (!next.equals(state)) {
      store.put(identity, next);
    }
    CleanEvent enriched = CleanEvent.newBuilder(event).setSessionId(step.sessionId()).build();
    context().forward(record.withValue(new SessionOutput.Enriched(enriched)));
    step.updates().forEach(s -> context().forward(record.withValue(new SessionOutput.Update(s))));
  }

  private long watermark() {
    long streamTime = context().currentStreamTimeMs();
    return streamTime - rules.grace().toMillis();
  }

  private void evictIdle() {
    long watermark = watermark();
    try (KeyValueIterator<String, IdentitySessions> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, IdentitySessions> entry = it.next();
        IdentitySessions compacted = entry.value.compact(watermark, entry.key, rules);
        if (compacted.isEmpty()) {
          store.delete(entry.key);
        } else if (compacted != entry.value) {
          store.put(entry.key, compacted);
        }
      }
    }
  }
}
