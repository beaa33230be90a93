package dev.tributary.common.event;

/**
 * An event broke a rule of the {@link EventContract}: thrown by {@link EventFields} from deep inside
 * a field read and caught once by the reader's caller (the door's validator, the stream's
 * normaliser), which turns it into its own result type. No stack trace: it is an expected outcome.
 *
 * <p>Immutable.
 */
public final class EventViolation extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final transient Rule rule;

  /**
   * @param field the offending field as the client spelled it; {@code $} for the event as a whole
   * @param rule the rule that failed
   * @param message names the field and the rule, and the limit where one applies
   */
  public EventViolation(String field, Rule rule, String message) {
    super(message, null, false, false);
    this.field = field;
    this.rule = rule;
  }

  public String field() {
    return field;
  }

  public Rule rule() {
    return rule;
  }
}
