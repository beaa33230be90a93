package dev.tributary.common.catalogue;


import dev.tributary.common.catalogue.Dataset.Loading;
import dev.tributary.common.catalogue.Dataset.Stage;
import dev.tributary.events.AuditCount;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.DeadLetterReplay;
import dev.tributary.events.ExperimentChange;
import dev.tributary.events.ExperimentSums;
import dev.tributary.events.MinuteMetric;
import dev.tributary.events.Person;
import dev.tributary.events.RawEvent;
import dev.tributary.events.TooLateEvent;
import dev.tributary.events.Session;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The catalogue: every dataset of the pipeline, declared once. Topic names and their configuration
 * keys, topic provisioning, the streams topology's topics, the sink's bindings, the warehouse DDL
 * and views, the launchers' topic lists and the generated documentation all derive from
 * {@link #ALL}. To add a dataset, see {@code docs/ADDING-A-DATASET.md}.
 *
 * <p>Immutable; thread-safe.
 */
public final class Datasets {

  /** Events as the ingest service accepted them; not loaded (the clean events are). */
  public static final Dataset<RawEvent> RAW = new Dataset<>("raw",
      "One event as the ingest service accepted it: the client's JSON untouched, plus server metadata.",
      Stage.INGEST,
      TopicSpec.deleting("topic.raw", "events.raw",
          "Accepted events, written by the ingest service (acks=all) and read by the transform stage."),
      KeyRule.IDENTITY, RawEvent.class, Optional.empty());

  /** Validated, normalised events: the {@code events} table. */
  public static final Dataset<CleanEvent> CLEAN = new Dataset<>("clean",
      "A validated, normalised event.",
      Stage.STREAMS,
      TopicSpec.deleting("topic.clean", "events.clean",
          "Clean events, written by the transform stage and loaded into the events table."),
      KeyRule.IDENTITY, CleanEvent.class,
      Optional.of(new Loading<>(WarehouseTables.EVENTS, WarehouseTables::eventRow)));

  /** Records that passed the door but failed a later stage: the {@code dead_letters} table. */
  public static final Dataset<DeadLetter> DEAD_LETTERS = new Dataset<>("dlq",
      "A record that passed the front door but failed a later stage, with its raw bytes for replay.",
      Stage.STREAMS,
      TopicSpec.deleting("topic.dlq", "events.dlq",
          "Dead letters (typed reason + raw payload), written by the transform stage and loaded into"
              + " the dead_letters table."),
      KeyRule.RAW_RECORD_KEY, DeadLetter.class,
      Optional.of(new Loading<>(WarehouseTables.DEAD_LETTERS, WarehouseTables::deadLetterRow)));

  /** Per-minute aggregates per event name and source, provisional then final: the {@code metrics_minute} table. */
  public static final Dataset<MinuteMetric> METRICS_MINUTE = new Dataset<>("metrics-minute",
      "Aggregate of one event name from one source in one event-time minute; provisional updates, then one final row.",
      Stage.STREAMS,
      TopicSpec.deleting("topic.metrics.minute", "metrics.minute",
          "Per-minute metric updates, written by the transform stage and loaded into the metrics_minute table."),
      KeyRule.EVENT_MINUTE, MinuteMetric.class,
      Optional.of(new Loading<>(WarehouseTables.METRICS_MINUTE, WarehouseTables::minuteMetricRow)));

  /** Events too late for their final minute: the {@code metrics_too_late} table, the corrections of metrics. */
  public static final Dataset<TooLateEvent> METRICS_TOO_LATE = new Dataset<>("metrics-too-late",
      "A clean event that arrived after its minute was final; counted here instead of changing the final row.",
      Stage.STREAMS,
      TopicSpec.deleting("topic.metrics.too.late", "metrics.too-late",
          "Events too late for their final minute, written by the transform stage and loaded into the"
              + " metrics_too_late table."),
      KeyRule.EVENT_MINUTE, TooLateEvent.class,
      Optional.of(new Loading<>(WarehouseTables.METRICS_TOO_LATE, WarehouseTables::tooLateRow)));

  /** Per-minute aggregates of imported history, recomputed apart from the live minutes: the {@code metrics_minute_backfill} table. */
  public static final Dataset<MinuteMetric> METRICS_BACKFILL = new Dataset<>("metrics-backfill",
      "Aggregate of one event name from one source in one event-time minute of the events imported as history"
          + " (POST /v1/import); recomputed as imports add to it, status backfilled.",
      Stage.STREAMS,
      TopicSpec.deleting("topic.metrics.backfill", "metrics.backfill",
          "Per-minute metrics of imported history, written by the transform stage and loaded into the"
              + " metrics_minute_backfill table."),
      KeyRule.EVENT_MINUTE, MinuteMetric.class,
      Optional.of(new Loading<>(BackfillTables.METRICS_MINUTE_BACKFILL, WarehouseTables::minuteMetricRow)));

  /** The audit ledger: per-minute counts of every stage, the {@code audit_counts} table; see docs/AUDIT.md. */
  public static final Dataset<AuditCount> AUDIT = new Dataset<>("audit",
      "One report of one audit-ledger cell: records a stage counted for one measure, received minute and source.",
      List.of(Stage.STREAMS, Stage.INGEST),
      TopicSpec.deleting("topic.audit", "audit.counts",
          "Audit ledger counts (deltas per received minute, source and measure), written by the transform"
              + " stage (and the ingest service's refusals) and loaded into the audit_counts table."),
      KeyRule.AUDIT_CELL, AuditCount.class,
      Optional.of(new Loading<>(WarehouseTables.AUDIT_COUNTS, WarehouseTables::auditCountRow)));

  /** Dead letters sent back through the pipeline: the {@code dead_letter_replays} table. */
  public static final Dataset<DeadLetterReplay> DLQ_REPLAYS = new Dataset<>("dlq-replays",
      "One dead letter that `bin/tributary dlq replay` sent back to the raw topic, written in the same transaction.",
      Stage.CLI,
      new TopicSpec("topic.dlq.replays", "events.dlq.replays", OptionalInt.empty(), TopicSpec.COMPACT,
          "Dead-letter replays (one per dead letter, compacted by its origin), written by bin/tributary dlq replay in"
              + " the transaction that re-sends the record; read back by the next replay so that nothing is replayed"
              + " twice, and loaded into the dead_letter_replays table."),
      KeyRule.DEAD_LETTER_ORIGIN, DeadLetterReplay.class,
      Optional.of(new Loading<>(WarehouseTables.DEAD_LETTER_REPLAYS, WarehouseTables::deadLetterReplayRow)));

  /** The experiments change log, published by the ingest service on every accepted definitions reload. */
  public static final Dataset<ExperimentChange> EXPERIMENT_CHANGES = new Dataset<>("experiment-changes",
      "One change to an experiment definition (or a snapshot after a restart), with who and when.",
      Stage.INGEST,
      TopicSpec.deleting("topic.experiments.changes", "experiments.changes",
          "Experiment definition changes, written by the ingest service when it accepts a new definitions file"
              + " and loaded into the experiment_changes table."),
      KeyRule.EXPERIMENT_KEY, ExperimentChange.class,
      Optional.of(new Loading<>(WarehouseTables.EXPERIMENT_CHANGES, WarehouseTables::experimentChangeRow)));

  /** Sessions of each identity, emitted as updates: the {@code sessions} table. */
  public static final Dataset<Session> SESSIONS = new Dataset<>("sessions",
      "One version of a session of one identity (ends after sessions.inactivity.ms without events or"
          + " sessions.max.duration.ms after its start); the latest per session id wins.",
      Stage.STREAMS,
      TopicSpec.deleting("topic.sessions", "sessions",
          "Session updates, written by the transform stage and loaded into the sessions table."),
      KeyRule.IDENTITY, Session.class,
      Optional.of(new Loading<>(SessionIdentityTables.SESSIONS, SessionIdentityTables::sessionRow)));

  /** The person of every anonymous or user id named by an identify or alias: the {@code persons} table. */
  public static final Dataset<Person> PERSONS = new Dataset<>("persons",
      "The person (root user id) an anonymous or user id belongs to; emitted as updates, the latest per id wins.",
      Stage.STREAMS,
      TopicSpec.deleting("topic.persons", "persons",
          "Person mapping updates, written by the transform stage and loaded into the persons table."),
      KeyRule.MAPPED_ID, Person.class,
      Optional.of(new Loading<>(SessionIdentityTables.PERSONS, SessionIdentityTables::personRow)));

  /** Per-variant experiment sums as deltas per task and report: the {@code experiment_sums} table; see docs/EXPERIMENTS.md. */
  public static final Dataset<ExperimentSums> EXPERIMENT_SUMS = new Dataset<>("experiment-sums",
      "What one transform-streams task added to one experiment cell (experiment, phase, variation, metric) since"
          + " its previous report: units, Σy, Σy² and the ratio sums, as deltas the warehouse sums.",
      Stage.STREAMS,
      TopicSpec.deleting("topic.experiments.sums", "experiments.sums",
          "Experiment sums (deltas per experiment cell), written by the transform stage and loaded into the"
              + " experiment_sums table."),
      KeyRule.EXPERIMENT_KEY, ExperimentSums.class,
      Optional.of(new Loading<>(ExperimentTables.EXPERIMENT_SUMS, ExperimentTables::experimentSumsRow)));

  /** Every dataset, in pipeline order. */
  public static final List<Dataset<?>> ALL = List.of(RAW, CLEAN, DEAD_LETTERS, METRICS_MINUTE, METRICS_TOO_LATE,
      METRICS_BACKFILL, DLQ_REPLAYS, EXPERIMENT_CHANGES, SESSIONS, PERSONS, AUDIT, EXPERIMENT_SUMS);

  static {
    check(ALL);
  }

  private Datasets() {}

  /** The datasets a stage writes. */
  public static List<Dataset<?>> producedBy(Stage stage) {
    return ALL.stream().filter(d -> d.writtenBy(stage)).toList();
  }

  /** The datasets the sink loads, in catalogue order. */
  public static List<Dataset<?>> loaded() {
    return ALL.stream().filter(d -> d.warehouse().isPresent()).toList();
  }

  /** Every warehouse table, in catalogue order. */
  public static List<WarehouseTable> tables() {
    return ALL.stream().flatMap(d -> d.table().stream()).toList();
  }

  /** The default topic names of every dataset, in catalogue order (for launchers and tests). */
  public static List<String> defaultTopicNames() {
    return ALL.stream().map(d -> d.topic().defaultName()).toList();
  }

  /** Fails when two datasets share a name, topic, config key, table or view. */
  static void check(List<Dataset<?>> datasets) {
    Set<String> seen = new HashSet<>();
    for (Dataset<?> d : datasets) {
      requireNew(seen, "dataset " + d.name());
      requireNew(seen, "topic " + d.topic().defaultName());
      requireNew(seen, "key " + d.topic().configKey());
      d.table().ifPresent(t -> {
        requireNew(seen, "relation " + t.name());
        t.views().forEach(v -> requireNew(seen, "relation " + v.name()));
      });
    }
  }

  private static void requireNew(Set<String> seen, String what) {
    if (!seen.add(what)) {
      throw new IllegalStateException("the catalogue declares " + what + " twice");
    }
  }
}
