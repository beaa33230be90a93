package dev.tributary.experiments.definition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a new definitions file replaces the definitions in force, and what the change log
 * records when it does: the file must parse and pass {@link DefinitionRules}, and its experiments must keep
 * {@link PhaseRules} against the current ones. On the first load ({@code current} absent) there is nothing to
 * compare with, so the log gets a {@link DefinitionDiff#snapshot snapshot}.
 *
 * <p>Thread-safe: stateless.
 */
public final class DefinitionsUpdate {

  /** The outcome: accepted with its changes, or refused with every reason. */
  public sealed interface Outcome permits Accepted, Refused {}

  /** The new definitions are in force; {@code changes} is what the log records (maybe nothing). */
  public record Accepted(Definitions definitions, List<DefinitionChange> changes) implements Outcome {
    public Accepted {
      changes = List.copyOf(changes);
    }
  }

  /** The new file is refused and the current definitions stay in force. */
  public record Refused(List<DefinitionError> errors) implements Outcome {
    public Refused {
      errors = List.copyOf(errors);
    }
  }

  private DefinitionsUpdate() {}

  /**
   * Judges {@code text} (the whole new file, modified at {@code fileTime}) against the definitions in force,
   * or against nothing on the first load ({@code firstLoad} true).
   */
  public static Outcome apply(Definitions current, boolean firstLoad, String text, Instant fileTime,
      Set<String> knownMetrics) {
    DefinitionsParser.Parsed parsed = DefinitionsParser.parse(text, knownMetrics);
    List<DefinitionError> errors = new ArrayList<>();
    Definitions next;
    if (parsed instanceof DefinitionsParser.Invalid invalid) {
      errors.addAll(invalid.errors());
      next = invalid.partial();
    } else {
      next = ((DefinitionsParser.Valid) parsed).definitions();
    }
    if (!firstLoad) {
      errors.addAll(PhaseRules.check(current, next));
    }
    if (!errors.isEmpty()) {
      return new Refused(errors);
    }
    return new Accepted(next, firstLoad ? DefinitionDiff.snapshot(next, fileTime)
        : DefinitionDiff.between(current, next, fileTime));
  }
}
