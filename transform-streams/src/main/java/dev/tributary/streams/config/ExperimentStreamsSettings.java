package dev.tributary.streams.config;

import dev.tributary.common.config.WiringKeys;
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
 * file and key as the ingest service's), how often it looks for a change, and the attribution window. Part of
 * {@link StreamsSettings}.
 *
 * <p>Immutable.
 *
 * @param definitionsFile the definitions file; empty: exposures are not judged (they stay clean events)
 * @param pollInterval how often the file's modification time and size are compared with the last load's
 * @param attributionWindow how long after a unit's first exposure (event time) its events count
 */
public record ExperimentStreamsSettings(Optional<Path> definitionsFile, Duration pollInterval,
    Duration attributionWindow) {

  public static final String DEFINITIONS_FILE = WiringKeys.EXPERIMENTS_DEFINITIONS_FILE;
  public static final String POLL_MS = "experiments.definitions.poll.ms";
  public static final String ATTRIBUTION_WINDOW_MS = "experiments.attribution.window.ms";

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
                + " conversions but dilute the effect with unrelated activity.");
  }

  static ExperimentStreamsSettings from(AbstractConfig v) {
    String file = v.getString(DEFINITIONS_FILE).strip();
    return new ExperimentStreamsSettings(file.isEmpty() ? Optional.empty() : Optional.of(Path.of(file)),
        Duration.ofMillis(v.getLong(POLL_MS)), Duration.ofMillis(v.getLong(ATTRIBUTION_WINDOW_MS)));
  }
}
