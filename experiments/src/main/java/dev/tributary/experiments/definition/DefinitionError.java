package dev.tributary.experiments.definition;

/**
 * One reason a definitions file is refused: the experiment it concerns ({@code (file)} for the file as a
 * whole), the field (a path such as {@code variants[1].weight}), the rule broken and a sentence that says
 * what to do.
 */
public record DefinitionError(String experiment, String field, DefinitionRule rule, String message) {

  /** The experiment name used for errors that concern the whole file. */
  public static final String FILE = "(file)";

  /** One line for a log or a CLI: experiment, field, rule code, message. */
  public String describe() {
    return "experiment '" + experiment + "', field '" + field + "' [" + rule.code() + "]: " + message;
  }
}
