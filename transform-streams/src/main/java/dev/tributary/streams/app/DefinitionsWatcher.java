package dev.tributary.streams.app;

import dev.tributary.experiments.definition.DefinitionError;
import dev.tributary.experiments.definition.Definitions;
import dev.tributary.experiments.definition.DefinitionsParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the experiment definitions the attribution judges exposures against current with the definitions file:
 * on one daemon thread, every poll interval, compares the file's modification time and size with the version
 * read last and, when they differ, parses it with the experiments module's {@link DefinitionsParser} against the
 * catalogue's experiment metrics. A valid file replaces the definitions in force; an invalid one is logged (every
 * problem) and the definitions in force stay. The ingest service, which owns the change log, judges the same
 * file the same way, so both run on the same definitions once both have polled.
 *
 * <p>Thread-safe: {@link #current()} is read by stream threads; the rest runs on the watcher thread (or the
 * caller's before {@link #start}).
 */
final class DefinitionsWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DefinitionsWatcher.class);

  private final Path file;
  private final Set<String> knownMetrics;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "experiments-definitions-watcher");
    t.setDaemon(true);
    return t;
  });
  private volatile Optional<Definitions> current = Optional.empty();
  private String seen = "";

  DefinitionsWatcher(Path file, Set<String> knownMetrics) {
    this.file = file;
    this.knownMetrics = Set.copyOf(knownMetrics);
  }

  /** The definitions in force; empty only before {@link #loadFirst()}. */
  Optional<Definitions> current() {
    return current;
  }

  /**
   * Reads the file for the first time.
   *
   * @throws ConfigException naming every problem when the file is missing or invalid
   */
  void loadFirst() {
    List<DefinitionError> errors = poll();
    if (current.isEmpty()) {
      throw new ConfigException("experiments.definitions.file: the experiment definitions file " + file + " is "
          + (errors.isEmpty() ? "missing or unreadable" : "refused: " + describe(errors)));
    }
  }

  void start(Duration interval) {
    scheduler.scheduleWithFixedDelay(this::pollSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One round; returns the problems of a refused new version (empty otherwise). */
  List<DefinitionError> poll() {
    String stamp;
    String text;
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      stamp = a.lastModifiedTime().toMillis() + "/" + a.size();
      if (stamp.equals(seen)) {
        return List.of();
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      log.warn("Experiment definitions {} cannot be read ({}); the definitions in force stay", file, e.toString());
      return List.of();
    }
    seen = stamp;
    DefinitionsParser.Parsed parsed = DefinitionsParser.parse(text, knownMetrics);
    if (parsed instanceof DefinitionsParser.Valid valid) {
      current = Optional.of(valid.definitions());
      log.info("Experiment definitions {} in force: {} experiments", file, valid.definitions().experiments().size());
      return List.of();
    }
    List<DefinitionError> errors = ((DefinitionsParser.Invalid) parsed).errors();
    log.error("Experiment definitions {} refused; the definitions in force stay. Fix: {}", file, describe(errors));
    return errors;
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      log.error("Experiment definitions poll failed; polling continues", e);
    }
  }

  private static String describe(List<DefinitionError> errors) {
    return errors.size() + " problem(s): " + errors.stream().map(DefinitionError::describe)
        .collect(Collectors.joining("; "));
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
