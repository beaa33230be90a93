package dev.tributary.streams.config;

import dev.tributary.common.config.WiringKeys;
import dev.tributary.streams.experiments.ExperimentRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The experiment settings of the transform service: the definitions file it reads exposures against (the same
 * file and key as the ingest service's), how often it looks for a change, the attribution window, CUPED's
 * lookback and the unit state's expiry. Part of
 * {@link StreamsSettings}.
 *
 * <p>Immutable.
 *
 * @param definitionsFile the definitions file; empty: exposures are not judged (they stay clean events)
 * @param pollInterval how often the file's modification time and size are compared with the last load's
 * @param attributionWindow how long after a unit's first exposure (event time) its events count
 * @param cupedLookback how far before the first exposure a unit's events make its CUPED covariate; zero: off
 * @param maxPreEvents how many pre-exposure contributions a unit keeps at most
 * @param grace how late (behind the task's stream time) an event still counts; how long after a stop exposures
 *     still attribute
 * @param expiryInterval how often the unit states are scanned for what has expired
 */
public record ExperimentStreamsSettings(Optional<Path> definitionsFile, Duration pollInterval,
    Duration attributionWindow, Duration cupedLookback, int maxPreEvents, Duration grace, Duration expiryInterval) {

  public static final String DEFINITIONS_FILE = WiringKeys.EXPERIMENTS_DEFINITIONS_FILE;
  public static final String POLL_MS = "experiments.definitions.poll.ms";
  public static final String ATTRIBUTION_WINDOW_MS = "experiments.attribution.window.ms";
  public static final String CUPED_LOOKBACK_MS = "experiments.cuped.lookback.ms";
  public static final String CUPED_MAX_PRE_EVENTS = "experiments.cuped.max.pre.events";
  public static final String GRACE_MS = "experiments.grace.ms";
  public static final String EXPIRY_INTERVAL_MS = "experiments.units.expiry.interval.ms";

  static ConfigDef define(ConfigDef def) {
    return def
        .define(DEFINITIONS_FILE, Type.STRING, "", Importance.MEDIUM,
            "The experiment definitions file (the ingest service's; see docs/EXPERIMENTS.md). Experiment Viewed"
                + " events are attributed against the definitions in force; an exposure of an experiment or"
                + " variation they do not know is dead-lettered (UNKNOWN_EXPERIMENT, stage"
                + " transform-streams/experiments). Re-read when it changes; a changed file with any error is"
                + " refused as a whole (logged) and the definitions in force stay. Missing or invalid at start:"
                + " exit status 2. Empty: exposures are not judged and no experiment sums are produced.")
        .define(POLL_MS, Type.LONG, 2_000L, Range.atLeast(100), Importance.LOW,
            "How often the experiment definitions file is checked for a change (modification time and size), in"
                + " milliseconds.")
        .define(ATTRIBUTION_WINDOW_MS, Type.LONG, Duration.ofDays(14).toMillis(), Range.atLeast(1), Importance.MEDIUM,
            "How long after a unit's first exposure (event time) its events count towards the experiment's"
                + " metrics; events at or after first exposure + window count nothing. Longer windows catch slower"
                + " conversions but dilute the effect with unrelated activity.")
        .define(CUPED_LOOKBACK_MS, Type.LONG, ExperimentRules.DEFAULT_CUPED_LOOKBACK.toMillis(), Range.atLeast(0),
            Importance.MEDIUM,
            "CUPED: how far before a unit's first exposure (event time) its events make the pre-exposure covariate"
                + " x of each mean or proportion metric (the same metric over [exposure - lookback, exposure)). To"
                + " have it, every unit's contributions to those metrics are kept in its state for lookback + grace"
                + " (see experiments.cuped.max.pre.events). 0 turns CUPED off: x = 0 and nothing is kept. The"
                + " report applies CUPED whenever the sums carry a non-zero x.")
        .define(CUPED_MAX_PRE_EVENTS, Type.INT, ExperimentRules.DEFAULT_MAX_PRE_EVENTS, Range.between(1, 100_000),
            Importance.LOW,
            "CUPED: at most this many pre-exposure contributions (one per metric event and CUPED metric, about 17"
                + " bytes each) are kept per unit; beyond it the oldest go, and the heaviest units' x counts only"
                + " their most recent events (still unbiased, less variance removed). Raise it if the units that"
                + " matter send more metric events than this within the lookback.")
        .define(GRACE_MS, Type.LONG, ExperimentRules.DEFAULT_GRACE.toMillis(), Range.atLeast(0), Importance.MEDIUM,
            "How far behind the task's stream time (the latest event time it has read) an experiment event may be"
                + " and still count: an attribution's sums are final once stream time reaches first exposure + window"
                + " + grace, a pre-exposure contribution is forgotten once stream time reaches its time + lookback +"
                + " grace, and exposures of a stopped experiment are refused (dead letter UNKNOWN_EXPERIMENT) once"
                + " stream time reaches its stop + grace. Unit state is deleted only after that, so a longer grace"
                + " keeps more state for longer.")
        .define(EXPIRY_INTERVAL_MS, Type.LONG, ExperimentRules.DEFAULT_EXPIRY_INTERVAL.toMillis(), Range.atLeast(1_000),
            Importance.LOW,
            "How often (wall clock) each task scans its experiment unit states and deletes what can no longer"
                + " count (closed attributions of stopped, superseded or removed experiments; pre-exposure events"
                + " past lookback + grace). A scan reads the task's whole units store; it changes no result, only"
                + " frees state.");
  }

  static ExperimentStreamsSettings from(AbstractConfig v) {
    String file = v.getString(DEFINITIONS_FILE).strip();
    return new ExperimentStreamsSettings(file.isEmpty() ? Optional.empty() : Optional.of(Path.of(file)),
        Duration.ofMillis(v.getLong(POLL_MS)), Duration.ofMillis(v.getLong(ATTRIBUTION_WINDOW_MS)),
        Duration.ofMillis(v.getLong(CUPED_LOOKBACK_MS)), v.getInt(CUPED_MAX_PRE_EVENTS),
        Duration.ofMillis(v.getLong(GRACE_MS)), Duration.ofMillis(v.getLong(EXPIRY_INTERVAL_MS)));
  }
}
