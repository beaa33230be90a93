package dev.tributary.console.experiments;

import dev.tributary.common.config.WiringKeys;
import dev.tributary.common.event.Rule;
import dev.tributary.console.query.InvalidParameterException;
import dev.tributary.experiments.definition.DefinitionError;
import dev.tributary.experiments.definition.Definitions;
import dev.tributary.experiments.definition.DefinitionsParser;
import dev.tributary.experiments.definition.ExperimentDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The experiment definitions a report needs (variants and designed weights, phase, status, metrics, the plan),
 * read from the same definitions file the ingest service serves ({@value WiringKeys#EXPERIMENTS_DEFINITIONS_FILE}).
 * The file is parsed again only when its modification time or size changed, so an edit (a ramp, a stop) shows in
 * the next report. Metric names are not checked here: the ingest service checked them against the catalogue
 * before serving the file ({@link DefinitionsParser#parseAnyMetrics}).
 *
 * <p>Thread-safe: {@link #definition} is synchronized over the one cached version.
 */
public final class DefinitionsFile {

  private final Optional<Path> path;
  private Cached cached;

  private record Cached(FileTime modified, long size, Definitions definitions) {}

  /** @param path the definitions file; empty when the console is not given one */
  public DefinitionsFile(Optional<Path> path) {
    this.path = path;
  }

  /**
   * The definition of {@code key} as the file states it now.
   *
   * @throws InvalidParameterException (parameter {@code experiment}) when the file has no such experiment
   * @throws DefinitionsUnavailableException when no file is configured, or it cannot be read or is refused
   */
  public synchronized ExperimentDefinition definition(String key) {
    Definitions definitions = current();
    ExperimentDefinition definition = definitions.byKey().get(key);
    if (definition == null) {
      throw new InvalidParameterException("experiment", Rule.ONE_OF, "the experiment definitions have no experiment '"
          + key + "'; they define " + (definitions.experiments().isEmpty() ? "none"
              : definitions.experiments().stream().map(ExperimentDefinition::key).collect(Collectors.joining(", "))));
    }
    return definition;
  }

  private Definitions current() {
    Path file = path.orElseThrow(() -> new DefinitionsUnavailableException("the console has no experiment"
        + " definitions: set " + WiringKeys.EXPERIMENTS_DEFINITIONS_FILE + " to the file the ingest service serves"));
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (cached != null && cached.modified().equals(attributes.lastModifiedTime())
          && cached.size() == attributes.size()) {
        return cached.definitions();
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      DefinitionsParser.Parsed parsed = DefinitionsParser.parseAnyMetrics(text);
      if (parsed instanceof DefinitionsParser.Invalid invalid) {
        throw new DefinitionsUnavailableException("the experiment definitions file " + file + " is refused, "
            + invalid.errors().size() + " problem(s): "
            + invalid.errors().stream().map(DefinitionError::describe).collect(Collectors.joining("; ")));
      }
      Definitions definitions = ((DefinitionsParser.Valid) parsed).definitions();
      cached = new Cached(attributes.lastModifiedTime(), attributes.size(), definitions);
      return definitions;
    } catch (IOException e) {
      throw new DefinitionsUnavailableException("the experiment definitions file " + file + " ("
          + WiringKeys.EXPERIMENTS_DEFINITIONS_FILE + ") cannot be read: " + e);
    }
  }
}
