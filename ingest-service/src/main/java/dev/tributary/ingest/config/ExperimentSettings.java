package dev.tributary.ingest.config;

import dev.tributary.experiments.definition.DefinitionError;
import dev.tributary.experiments.definition.DefinitionsParser;
import dev.tributary.warehouse.metrics.MetricCatalogue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import java.util.stream.Collectors;

/**
 * The experiment settings of the ingest service: where the definitions file is and how often it is checked for
 * a change. Part of {@link IngestSettings}; the change log's topic is a catalogue topic key like the others.
 *
 * <p>Immutable.
 *
 * @param definitionsFile the definitions file; empty: no experiments (the assignment endpoint answers an empty list)
 * @param pollInterval how often the file's modification time and size are compared with the last load's
 */
public record ExperimentSettings(Optional<Path> definitionsFile, Duration pollInterval) {

  /**
   * The metric names experiments may use: the experiment-capable metrics of the metrics catalogue (those with a
   * {@code per_unit} block, which transform-streams computes). The check at configuration time and the reloads
   * both use this set.
   */
  public static final Set<String> KNOWN_METRICS = Set.copyOf(MetricCatalogue.bundled().experimentMetrics().keySet());

  public static final String DEFINITIONS_FILE = dev.tributary.common.config.WiringKeys.EXPERIMENTS_DEFINITIONS_FILE;
  public static final String POLL_MS = "experiments.definitions.poll.ms";

  /** Adds the experiment keys to the service's definition. */
  static ConfigDef define(ConfigDef def) {
    return def
        .define(DEFINITIONS_FILE, Type.STRING, "", DEFINITIONS_FILE_VALIDATOR, Importance.MEDIUM,
            "The experiment definitions file (YAML or JSON; see experiments/definitions.example.yaml and "
                + "docs/EXPERIMENTS.md). Re-read when it changes: a file with any error is refused as a whole, the "
                + "errors are logged (each naming the experiment, field and rule) and counted in "
                + "experiments.definitions.reloads{outcome=refused}, and the definitions in force stay. Every "
                + "accepted change is published to the experiment change log topic. A file that is missing or "
                + "invalid at start stops the service (exit status 2, the problems on standard error). Empty: no experiments.")
        .define(POLL_MS, Type.LONG, 2_000L, Range.atLeast(100), Importance.LOW,
            "How often the experiment definitions file is checked for a change (modification time and size), "
                + "in milliseconds; also how often an unpublished change log is retried.");
  }

  /**
   * Checks the file when the configuration is loaded, so a missing or invalid file is reported with the other
   * configuration errors before anything starts (the service reads it again when it starts watching it).
   */
  private static final ConfigDef.Validator DEFINITIONS_FILE_VALIDATOR = new ConfigDef.Validator() {
    @Override
    public void ensureValid(String name, Object value) {
      String file = value == null ? "" : value.toString().strip();
      if (file.isEmpty()) {
        return;
      }
      String text;
      try {
        text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      } catch (IOException | InvalidPathException e) {
        throw new ConfigException(name, file, "the experiment definitions file cannot be read: " + e);
      }
      if (DefinitionsParser.parse(text, KNOWN_METRICS) instanceof DefinitionsParser.Invalid invalid) {
        throw new ConfigException(name, file, "the experiment definitions file is refused, " + invalid.errors().size()
            + " problem(s): " + invalid.errors().stream().map(DefinitionError::describe).collect(Collectors.joining("; ")));
      }
    }

    @Override
    public String toString() {
      return "empty, or a readable, valid definitions file";
    }
  };

  static ExperimentSettings from(AbstractConfig v) {
    String file = v.getString(DEFINITIONS_FILE).strip();
    return new ExperimentSettings(file.isEmpty() ? Optional.empty() : Optional.of(Path.of(file)),
        Duration.ofMillis(v.getLong(POLL_MS)));
  }
}
