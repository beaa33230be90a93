package dev.tributary.console.query;

import dev.tributary.common.event.Rule;
import java.util.Objects;

/**
 * A request parameter broke a rule: the HTTP layer answers 400 with the parameter, the rule's code
 * (the {@link Rule} vocabulary the ingest service uses) and this message.
 *
 * <p>Immutable; thread-safe.
 */
public final class InvalidParameterException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String parameter;
  private final Rule rule;

  public InvalidParameterException(String parameter, Rule rule, String message) {
    super(Objects.requireNonNull(message, "message"));
    this.parameter = Objects.requireNonNull(parameter, "parameter");
    this.rule = Objects.requireNonNull(rule, "rule");
  }

  /** The query parameter, e.g. {@code grain}. */
  public String parameter() {
    return parameter;
  }

  public Rule rule() {
    return rule;
  }
}
