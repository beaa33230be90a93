package dev.tributary.ingest.experiments;

import dev.tributary.events.ExperimentChange;
import dev.tributary.experiments.definition.DefinitionError;
import dev.tributary.experiments.definition.DefinitionRule;
import dev.tributary.experiments.definition.Definitions;
import dev.tributary.experiments.definition.DefinitionsUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the service does when the definitions file may have changed, apart from reading files and talking to
 * Kafka: a version ({@link FileStamp}) seen before is ignored, so a refused file is refused (and logged) once;
 * a new version is judged by {@link DefinitionsUpdate} against the definitions in force; an accepted one
 * replaces them and its changes join the change records waiting to be published, which leave that queue only
 * when Kafka acknowledged them ({@link #published}). Before the first accepted file there are no definitions
 * and the first accepted file is logged as a snapshot.
 *
 * <p>Thread-safe: {@link #current()} may be read from any thread (request handlers); the other methods are
 * synchronized and are called by the one watcher thread (and once at start).
 */
public final class DefinitionsReloader {

  /** What happened to a version of the file. */
  public sealed interface Outcome permits Unchanged, Accepted, Refused {}

  /** The version was seen before; nothing to do. */
  public record Unchanged() implements Outcome {}

  /** The version is in force; {@code changes} records were queued for the change log. */
  public record Accepted(Definitions definitions, int changes) implements Outcome {}

  /** The version is refused for these reasons; the previous definitions stay in force. */
  public record Refused(List<DefinitionError> errors) implements Outcome {}

  private final Set<String> knownMetrics;
  private final List<ExperimentChange> pending = new ArrayList<>();
  private volatile Definitions current = Definitions.EMPTY;
  private volatile boolean refused;
  private boolean loaded;
  private FileStamp seen;

  public DefinitionsReloader(Set<String> knownMetrics) {
    this.knownMetrics = Set.copyOf(knownMetrics);
  }

  /** The definitions in force. */
  public Definitions current() {
    return current;
  }

  /** True when the latest version of the file was refused (the definitions in force are older). */
  public boolean refusedLatest() {
    return refused;
  }

  /** True unless {@code stamp} is the version judged last. */
  public synchronized boolean changed(FileStamp stamp) {
    return !Objects.equals(stamp, seen);
  }

  /** Judges version {@code stamp} with content {@code text}, at {@code now}. */
  public synchronized Outcome offer(FileStamp stamp, String text, Instant now) {
    if (!changed(stamp)) {
      return new Unchanged();
    }
    seen = stamp;
    DefinitionsUpdate.Outcome outcome = DefinitionsUpdate.apply(current, !loaded, text, stamp.modified(), knownMetrics);
    if (outcome instanceof DefinitionsUpdate.Refused r) {
      refused = true;
      return new Refused(r.errors());
    }
    DefinitionsUpdate.Accepted accepted = (DefinitionsUpdate.Accepted) outcome;
    accepted.changes().forEach(c -> pending.add(ChangeRecords.of(c, now)));
    current = accepted.definitions();
    loaded = true;
    refused = false;
    return new Accepted(accepted.definitions(), accepted.changes().size());
  }

  /** The file is gone: the definitions in force stay; reported once until a version appears again. */
  public synchronized Outcome missing() {
    FileStamp gone = new FileStamp(Instant.EPOCH, -1);
    if (!changed(gone)) {
      return new Unchanged();
    }
    seen = gone;
    refused = true;
    return new Refused(List.of(new DefinitionError(DefinitionError.FILE, "(file)",
        DefinitionRule.REQUIRED, "the definitions file is missing or unreadable")));
  }

  /** The change records not yet acknowledged by Kafka, oldest first. */
  public synchronized List<ExperimentChange> pending() {
    return List.copyOf(pending);
  }

  /** The first {@code count} pending records were acknowledged. */
  public synchronized void published(int count) {
    pending.subList(0, count).clear();
  }
}
