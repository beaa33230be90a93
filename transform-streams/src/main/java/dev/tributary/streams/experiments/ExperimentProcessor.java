package dev.tributary.streams.experiments;

import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.ExperimentSums;
import dev.tributary.experiments.definition.Definitions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the {@link Attributor} on each clean event of a unit (keyed by identity): reads and writes the unit's
 * state in {@link ExperimentTopology#UNITS_STORE}, adds the deltas into the task's pending cells
 * ({@link ExperimentTopology#PENDING_STORE}) and, every report interval of wall-clock time, reports each pending
 * cell as one {@link ExperimentSums} record and clears it. No output record per event.
 *
 * <p><b>Exactly once.</b> Both stores are changelogged and live in the sub-topology that reads events.raw, so
 * the unit states, the pending deltas, the reports and the input offsets commit in one transaction: a crash
 * rolls all of them back together and the events are judged again against the restored state. Reporting deltas
 * (not totals) keeps the pending store to one interval of changes and makes the warehouse a plain sum.
 *
 * <p>Events no metric counts and that are no exposure never touch the stores. Every expiry interval of wall-clock
 * time the task scans its units and deletes what can no longer count at its stream time ({@link Expiry}); the
 * deletions are changelogged and commit with the rest.
 *
 * <p>One instance per task; not thread-safe.
 */
final class ExperimentProcessor extends ContextualProcessor<String, CleanEvent, String, ExperimentOutput> {

  private final Attributor attributor;
  private final ExperimentRules rules;
  private KeyValueStore<String, UnitState> units;
  private KeyValueStore<String, CellDelta> pending;

  ExperimentProcessor(ExperimentRules rules) {
    this.rules = rules;
    this.attributor = new Attributor(rules);
  }

  @Override
  public void init(ProcessorContext<String, ExperimentOutput> context) {
    super.init(context);
    units = context.getStateStore(ExperimentTopology.UNITS_STORE);
    pending = context.getStateStore(ExperimentTopology.PENDING_STORE);
    context.schedule(rules.reportInterval(), PunctuationType.WALL_CLOCK_TIME, this::report);
    context.schedule(rules.expiryInterval(), PunctuationType.WALL_CLOCK_TIME, now -> expire());
  }

  @Override
  public void process(Record<String, CleanEvent> record) {
    CleanEvent event = record.value();
    if (record.key() == null || !attributor.concerns(event)) {
      return;
    }
    Optional<Definitions> definitions = rules.definitions().get();
    UnitState before = units.get(record.key());
    Attributor.Outcome outcome = attributor.apply(before == null ? UnitState.EMPTY : before, event, definitions,
        context().currentStreamTimeMs());
    if (outcome instanceof Attributor.Refused refused) {
      context().forward(record.withValue(new ExperimentOutput.Refused(letter(record, refused))));
      return;
    }
    Attributor.Attributed attributed = (Attributor.Attributed) outcome;
    if (!attributed.state().equals(before == null ? UnitState.EMPTY : before)) {
      if (attributed.state().isEmpty()) {
        units.delete(record.key());
      } else {
        units.put(record.key(), attributed.state());
      }
    }
    for (Map.Entry<Cell, CellDelta> delta : attributed.deltas()) {
      String key = delta.getKey().storeKey();
      CellDelta sofar = pending.get(key);
      pending.put(key, sofar == null ? delta.getValue() : sofar.plus(delta.getValue()));
    }
  }

  /** Deletes what can no longer count: closed attributions of ended phases, pre-exposure events past the horizon. */
  private void expire() {
    long streamTime = context().currentStreamTimeMs();
    Optional<Definitions> definitions = rules.definitions().get();
    List<KeyValue<String, UnitState>> changed = new ArrayList<>();
    try (KeyValueIterator<String, UnitState> it = units.all()) {
      while (it.hasNext()) {
        KeyValue<String, UnitState> unit = it.next();
        UnitState left = attributor.expire(unit.value, streamTime, definitions);
        if (!left.equals(unit.value)) {
          changed.add(KeyValue.pair(unit.key, left.isEmpty() ? null : left));
        }
      }
    }
    for (KeyValue<String, UnitState> c : changed) {
      if (c.value == null) {
        units.delete(c.key);
      } else {
        units.put(c.key, c.value);
      }
    }
  }

  private void report(long now) {
    List<KeyValue<String, CellDelta>> cells = new ArrayList<>();
    try (KeyValueIterator<String, CellDelta> it = pending.all()) {
      it.forEachRemaining(cells::add);
    }
    String reporter = Integer.toString(context().taskId().partition());
    for (KeyValue<String, CellDelta> cell : cells) {
      ExperimentSums sums = sums(Cell.parse(cell.key), cell.value, reporter, now);
      context().forward(new Record<>(sums.getExperimentKey(), new ExperimentOutput.Report(sums), now));
      pending.delete(cell.key);
    }
  }

  static ExperimentSums sums(Cell cell, CellDelta d, String reporter, long now) {
    return ExperimentSums.newBuilder()
        .setExperimentKey(cell.experimentKey())
        .setPhase(cell.phase())
        .setVariationId(cell.variation())
        .setMetric(cell.metric())
        .setMetricKind(d.kind())
        .setUnits(d.units())
        .setExcludedUnits(d.excluded())
        .setSum(d.sum())
        .setSumSquares(d.sumSquares())
        .setDenominatorSum(d.denominatorSum())
        .setDenominatorSumSquares(d.denominatorSumSquares())
        .setSumProducts(d.sumProducts())
        .setPreSum(d.preSum())
        .setPreSumSquares(d.preSumSquares())
        .setPreSumProducts(d.preSumProducts())
        .setFirstExposure(d.firstExposureMs() == Long.MAX_VALUE ? null : Instant.ofEpochMilli(d.firstExposureMs()))
        .setLastExposure(d.lastExposureMs() == Long.MIN_VALUE ? null : Instant.ofEpochMilli(d.lastExposureMs()))
        .setReporter(reporter)
        .setReportedAt(Instant.ofEpochMilli(now))
        .build();
  }

  /** The refused exposure as a dead letter pointing at its raw record; the payload is the clean event as JSON. */
  private DeadLetter letter(Record<String, CleanEvent> record, Attributor.Refused refused) {
    RecordMetadata m = context().recordMetadata().orElse(null);
    CleanEvent e = record.value();
    return DeadLetter.newBuilder()
        .setReason(refused.reason())
        .setField(refused.field())
        .setDetail(refused.detail())
        .setStage(Attributor.STAGE)
        .setFailedAt(Instant.ofEpochMilli(record.timestamp()))
        .setEventId(e.getEventId())
        .setSource(e.getSource())
        .setReceivedAt(e.getReceivedAt())
        .setSourceTopic(m == null ? "" : m.topic())
        .setSourcePartition(m == null ? -1 : m.partition())
        .setSourceOffset(m == null ? -1 : m.offset())
        .setRawKey(ByteBuffer.wrap(record.key().getBytes(StandardCharsets.UTF_8)))
        .setRawPayload(ByteBuffer.wrap(e.toString().getBytes(StandardCharsets.UTF_8)))
        .build();
  }
}
