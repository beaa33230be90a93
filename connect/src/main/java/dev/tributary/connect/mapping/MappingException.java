package dev.tributary.connect.mapping;

import java.util.List;

/**
 * A CDC mapping that cannot be used: its keys are malformed, or it names tables or columns the
 * database does not have. Carries every problem found, so one start shows them all.
 */
public final class MappingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The problems, each naming its key (or table and column). */
  private final List<String> problems;

  public MappingException(List<String> problems) {
    super("CDC mapping has " + problems.size() + " problem(s): " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
