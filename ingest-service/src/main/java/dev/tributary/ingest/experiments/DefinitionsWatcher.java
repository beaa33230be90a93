package dev.tributary.ingest.experiments;

import dev.tributary.events.ExperimentChange;
import dev.tributary.experiments.definition.DefinitionError;
import dev.tributary.ingest.kafka.ChangeLogPublisher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives {@link DefinitionsReloader} from the definitions file: on one daemon thread, every poll interval,
 * compares the file's {@link FileStamp} with the last version judged, reads and offers a new version, logs the
 * outcome (a refusal as one error naming every problem), and publishes the queued change records through the
 * {@link ChangeLogPublisher}, keeping them queued for the next poll when Kafka does not acknowledge them.
 *
 * <p>Thread-safe: {@link #poll()} runs on the watcher thread (or the caller's before {@link #start}); {@link
 * #close()} may be called from any thread and is idempotent.
 */
public final class DefinitionsWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DefinitionsWatcher.class);

  private final Path file;
  private final DefinitionsReloader reloader;
  private final ChangeLogPublisher publisher;
  private final ExperimentMetrics metrics;
  private final Clock clock;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "experiments-definitions-watcher");
    t.setDaemon(true);
    return t;
  });

  public DefinitionsWatcher(Path file, DefinitionsReloader reloader, ChangeLogPublisher publisher,
      ExperimentMetrics metrics, Clock clock) {
    this.file = file;
    this.reloader = reloader;
    this.publisher = publisher;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Loads the file for the first time.
   *
   * @throws ConfigException naming every problem when the file is missing or invalid: a service that starts
   *     must start with the experiments its operator meant, and only a human can fix the file (so the service
   *     exits with the configuration status)
   */
  public void loadFirst() {
    DefinitionsReloader.Outcome outcome = poll();
    if (outcome instanceof DefinitionsReloader.Refused refused) {
      throw new ConfigException("experiments.definitions.file: the experiment definitions file " + file
          + " is refused: " + describe(refused.errors()));
    }
  }

  /** Polls every {@code interval} from now on. */
  public void start(Duration interval) {
    scheduler.scheduleWithFixedDelay(this::pollSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One round: judge the file if it changed, then publish what is queued. */
  public DefinitionsReloader.Outcome poll() {
    DefinitionsReloader.Outcome outcome = judge();
    if (outcome instanceof DefinitionsReloader.Accepted accepted) {
      metrics.reload("accepted");
      log.info("Experiment definitions {} accepted: {} experiments ({} running), {} change records to publish",
          file, accepted.definitions().experiments().size(), accepted.definitions().running().size(),
          accepted.changes());
    } else if (outcome instanceof DefinitionsReloader.Refused refused) {
      metrics.reload("refused");
      log.error("Experiment definitions {} refused; the previous definitions stay in force. Fix: {}", file,
          describe(refused.errors()));
    }
    publishPending();
    return outcome;
  }

  private DefinitionsReloader.Outcome judge() {
    Optional<FileStamp> stamp = stamp();
    if (stamp.isEmpty()) {
      return reloader.missing();
    }
    if (!reloader.changed(stamp.get())) {
      return new DefinitionsReloader.Unchanged();
    }
    try {
      return reloader.offer(stamp.get(), Files.readString(file, StandardCharsets.UTF_8), clock.instant());
    } catch (IOException e) {
      log.warn("Experiment definitions {} could not be read ({}); trying again at the next poll", file, e.toString());
      return new DefinitionsReloader.Unchanged();
    }
  }

  private Optional<FileStamp> stamp() {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return Optional.of(new FileStamp(a.lastModifiedTime().toInstant(), a.size()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private void publishPending() {
    List<ExperimentChange> records = reloader.pending();
    if (records.isEmpty()) {
      return;
    }
    try {
      publisher.publish(records);
      reloader.published(records.size());
      metrics.published(records.size());
    } catch (Exception e) {
      metrics.publishFailed();
      log.warn("Experiment change log: {} records not acknowledged by Kafka ({}); retrying at the next poll",
          records.size(), e.toString());
    }
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      // the scheduler would stop polling for good on an escaped exception
      log.error("Experiment definitions poll failed; polling continues", e);
    }
  }

  static String describe(List<DefinitionError> errors) {
    return errors.size() + " problem(s): " + errors.stream().map(DefinitionError::describe)
        .collect(Collectors.joining("; "));
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
