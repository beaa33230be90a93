package dev.tributary.streams.identity;

import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.Person;
import dev.tributary.streams.topology.Topic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The identity piece of the pipeline as a pure builder: identify and alias calls become links in
 * one identity graph, whose person mapping (every linked anonymous or user id → its root user)
 * goes to the persons topic.
 *
 * <pre>
 * clean → identity-links → identity-route
 *   → identity-route-invalid → identity-unwrap-invalid → identity-invalid-dlq-sink
 *   → identity-route-links → identity-unwrap-link → [identity-graph-repartition, 1 partition]
 *     → identity-graph (store identity-graph-store) → identity-graph-route
 *       → identity-graph-route-persons → identity-unwrap-person → persons-sink
 *       → identity-graph-route-refused → identity-unwrap-refused → identity-dlq-sink
 * </pre>
 *
 * <p><b>Why one partition.</b> The clean stream is keyed by identity, so an identify (keyed by its
 * user id) and the events of its anonymous id, or the two sides of an alias, sit in different
 * partitions; and a person is a property of the whole graph: an alias moves everything below a
 * user, a loop is visible only along a whole chain. Sharding the graph by the mapped id would need
 * a distributed union-find (messages between shards per link, and no atomic loop check). Links are
 * rare (an identify per login or sign-up, an alias per account merge: typically well under 1% of
 * events), so they are repartitioned to a single-partition topic keyed by the id being linked, and
 * one task owns the graph and decides every link in one order, exactly once. The person mapping
 * it emits is keyed by the mapped id, so the warehouse keeps the latest version per id. The cost is
 * that link throughput is bounded by one task (one graph store); the rest of the pipeline still
 * scales with partitions.
 *
 * <p>Events are never rewritten: the warehouse joins events to the person mapping at query time
 * ({@code events_by_person_v}), so events sent before an identify belong to the person as soon as
 * the mapping lands.
 *
 * <p>Stateless and thread-safe.
 */
public final class IdentityTopology {

  /** The identity graph, graph key → node. */
  public static final String STORE = "identity-graph-store";
  /** The repartition to one partition; internal topic {@code <application.id>-identity-graph-repartition}. */
  public static final String REPARTITION = "identity-graph";

  private IdentityTopology() {}

  /**
   * Adds the identity stage behind {@code clean}.
   *
   * @param clean clean events
   * @param persons where person updates go
   * @param deadLetters where refused links go
   */
  public static void attach(StreamsBuilder builder, KStream<String, CleanEvent> clean, Topic<String, Person> persons,
      Topic<String, DeadLetter> deadLetters) {
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
        IdentityLinkSerde.nodes()));
    var extracted = clean
        .process(LinkExtractor::new, Named.as("identity-links"))
        .split(Named.as("identity-route"))
        .branch((key, e) -> e instanceof LinkExtractor.Extracted.Invalid, Branched.as("-invalid"))
        .defaultBranch(Branched.as("-links"));
    extracted.get("identity-route-invalid")
        .mapValues(e -> ((LinkExtractor.Extracted.Invalid) e).letter(), Named.as("identity-unwrap-invalid"))
        .to(deadLetters.name(), Produced.with(deadLetters.key(), deadLetters.value())
            .withName("identity-invalid-dlq-sink"));
    var outputs = extracted.get("identity-route-links")
        .mapValues(e -> ((LinkExtractor.Extracted.Link) e).link(), Named.as("identity-unwrap-link"))
        .repartition(Repartitioned.with(Serdes.String(), IdentityLinkSerde.links())
            .withName(REPARTITION).withNumberOfPartitions(1))
        .process(() -> new IdentityGraphProcessor(STORE), Named.as("identity-graph"), STORE)
        .split(Named.as("identity-graph-route"))
        .branch((key, out) -> out instanceof IdentityOutput.PersonUpdate, Branched.as("-persons"))
        .defaultBranch(Branched.as("-refused"));
    outputs.get("identity-graph-route-persons")
        .mapValues(out -> ((IdentityOutput.PersonUpdate) out).person(), Named.as("identity-unwrap-person"))
        .to(persons.name(), Produced.with(persons.key(), persons.value()).withName("persons-sink"));
    outputs.get("identity-graph-route-refused")
        .mapValues(out -> ((IdentityOutput.Refused) out).letter(), Named.as("identity-unwrap-refused"))
        .to(deadLetters.name(), Produced.with(deadLetters.key(), deadLetters.value()).withName("identity-dlq-sink"));
  }
}
