package dev.tributary.streams.sessions;

import dev.tributary.events.CleanEvent;
import dev.tributary.events.Session;
import dev.tributary.streams.topology.Topic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The sessions piece of the pipeline as a pure builder: cuts each identity's clean events into
 * sessions, gives every clean event its {@code session_id}, and writes session versions to the
 * sessions topic.
 *
 * <pre>
 * clean (keyed by identity) → sessionize (store sessions-store) → sessions-route
 *   → sessions-route-events → sessions-unwrap-event → (returned: the clean events with session_id)
 *   → sessions-route-updates → sessions-unwrap-update → sessions-sink
 * </pre>
 *
 * <p>No repartition: the clean stream is keyed by identity exactly like the raw topic it comes from.
 * The store is a persistent key-value store, identity → {@link IdentitySessions}, changelogged, so
 * under exactly-once its state, the outputs and the input offsets commit together.
 *
 * <p>Stateless and thread-safe.
 */
public final class SessionTopology {

  /** The per-identity session state. */
  public static final String STORE = "sessions-store";
  /** The processor that places events into sessions. */
  public static final String PROCESSOR = "sessionize";

  private SessionTopology() {}

  /**
   * Adds the sessionizer behind {@code clean} and returns the clean events with their session id.
   *
   * @param clean clean events keyed by identity
   * @param sessions where session versions go (keyed by identity)
   */
  public static KStream<String, CleanEvent> attach(StreamsBuilder builder, KStream<String, CleanEvent> clean,
      Topic<String, Session> sessions, SessionRules rules) {
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
        IdentitySessionsSerde.serde()));
    var routes = clean
        .processValues(() -> new SessionProcessor(STORE, rules), Named.as(PROCESSOR), STORE)
        .split(Named.as("sessions-route"))
        .branch((key, out) -> out instanceof SessionOutput.Enriched, Branched.as("-events"))
        .defaultBranch(Branched.as("-updates"));
    routes.get("sessions-route-updates")
        .mapValues(out -> ((SessionOutput.Update) out).session(), Named.as("sessions-unwrap-update"))
        .to(sessions.name(), Produced.with(sessions.key(), sessions.value()).withName("sessions-sink"));
    return routes.get("sessions-route-events")
        .mapValues(out -> ((SessionOutput.Enriched) out).event(), Named.as("sessions-unwrap-event"));
  }
}
