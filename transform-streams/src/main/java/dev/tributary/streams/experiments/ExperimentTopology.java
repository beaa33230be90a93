package dev.tributary.streams.experiments;

import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.ExperimentSums;
import dev.tributary.streams.topology.Topic;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The experiment attribution as a pure builder: exposures ({@code Experiment Viewed}) attribute each unit to its
 * first variation, the unit's later events feed the experiment's metrics, and each task reports what it added
 * to each cell (experiment, phase, variation, metric) as deltas to the experiment sums topic; refused exposures
 * go to the dead-letter topic. See {@link Attributor} for the rules and {@link ExperimentProcessor} for the
 * exactly-once argument.
 *
 * <pre>
 * clean (keyed by identity) → experiments-attribute (stores experiments-units-store, experiments-pending-store)
 *   → experiments-route → experiments-route-sums → experiments-unwrap-sums → experiments-sums-sink
 *                       → experiments-route-refused → experiments-unwrap-refused → experiments-dlq-sink
 * </pre>
 *
 * <p><b>The unit is the record's key</b>: the identity (user id, else anonymous id) the events topic is keyed by,
 * so no repartition is needed and a unit's events are judged in one task in order. It is also the id SDKs hash
 * for assignment when they are given the same id. Identity stitching is not applied here: an anonymous visitor
 * exposed before signing in and converting after is two units (the person mapping is built on one partition,
 * later, and is joined in the warehouse at query time); send the same id to the assignment and with the events
 * for the whole test.
 *
 * <p>Stateless and thread-safe.
 */
public final class ExperimentTopology {

  /**
   * Per unit (identity): its attributions and its recent pre-exposure contributions (CUPED), {@link UnitState};
   * scanned and expired on stream time ({@link Expiry}).
   */
  public static final String UNITS_STORE = "experiments-units-store";
  /** Per cell: the deltas since the task's last report, {@link CellDelta}. */
  public static final String PENDING_STORE = "experiments-pending-store";
  /** The processor that attributes and reports. */
  public static final String PROCESSOR = "experiments-attribute";

  private ExperimentTopology() {}

  /**
   * Adds the attribution behind {@code clean}.
   *
   * @param clean clean events keyed by identity, in the sub-topology that reads events.raw
   * @param sums where the reports go
   * @param deadLetters where refused exposures go
   */
  public static void attach(KStream<String, CleanEvent> clean, Topic<String, ExperimentSums> sums,
      Topic<String, DeadLetter> deadLetters, ExperimentRules rules) {
    var routes = clean
        .process(supplier(rules), Named.as(PROCESSOR))
        .split(Named.as("experiments-route"))
        .branch((key, out) -> out instanceof ExperimentOutput.Report, Branched.as("-sums"))
        .defaultBranch(Branched.as("-refused"));
    routes.get("experiments-route-sums")
        .mapValues(out -> ((ExperimentOutput.Report) out).sums(), Named.as("experiments-unwrap-sums"))
        .to(sums.name(), Produced.with(sums.key(), sums.value()).withName("experiments-sums-sink"));
    routes.get("experiments-route-refused")
        .mapValues(out -> ((ExperimentOutput.Refused) out).letter(), Named.as("experiments-unwrap-refused"))
        .to(deadLetters.name(), Produced.with(deadLetters.key(), deadLetters.value())
            .withName("experiments-dlq-sink"));
  }

  private static ProcessorSupplier<String, CleanEvent, String, ExperimentOutput> supplier(ExperimentRules rules) {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<String, CleanEvent, String, ExperimentOutput> get() {
        return new ExperimentProcessor(rules);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(
            Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(UNITS_STORE), Serdes.String(),
                UnitStateSerde.serde()),
            Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE), Serdes.String(),
                CellDelta.serde()));
      }
    };
  }
}
