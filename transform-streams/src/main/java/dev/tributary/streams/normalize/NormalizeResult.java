package dev.tributary.streams.normalize;

import dev.tributary.common.event.EventViolation;
import dev.tributary.common.event.Rule;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetterReason;
import java.util.Objects;

/**
 * What {@link EventNormalizer} made of one raw event: a clean event, or the reason it is a dead
 * letter. A sealed result instead of exceptions, so the topology must route both cases.
 *
 * <p>Immutable values (the {@link CleanEvent} inside is freshly built and never shared).
 */
public sealed interface NormalizeResult {

  /** The event passed every rule. */
  record Accepted(CleanEvent event) implements NormalizeResult {
    public Accepted {
      Objects.requireNonNull(event, "event");
    }
  }

  /**
   * The event broke a rule.
   *
   * @param rule the rule of the shared event contract, as the HTTP API names it
   * @param reason the typed reason stored in the dead letter, derived from the rule's kind
   * @param field JSON path of the offending field as the client spelled it; null when the
   *     problem is the payload as a whole
   * @param detail human-readable: names the field and the rule, and ends with the rule's code
   */
  record Rejected(Rule rule, DeadLetterReason reason, String field, String detail) implements NormalizeResult {
    public Rejected {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    /** The dead letter of a contract violation. */
    static Rejected of(EventViolation v) {
      DeadLetterReason reason = switch (v.rule().kind()) {
        case MALFORMED -> DeadLetterReason.MALFORMED_JSON;
        case MISSING -> DeadLetterReason.MISSING_FIELD;
        case INVALID -> DeadLetterReason.INVALID_FIELD;
      };
      return new Rejected(v.rule(), reason, v.field(), v.getMessage() + " (rule " + v.rule().code() + ")");
    }
  }
}
