package dev.tributary.experiments.cli;

import dev.tributary.experiments.definition.DefinitionError;
import dev.tributary.experiments.definition.DefinitionsParser;
import dev.tributary.experiments.definition.ExperimentDefinition;
import dev.tributary.experiments.definition.Definitions;
import dev.tributary.experiments.report.ExperimentReport;
import dev.tributary.experiments.report.ExperimentReporter;
import dev.tributary.experiments.report.ExperimentResults;
import dev.tributary.experiments.report.ObservedResults;
import dev.tributary.experiments.report.ReportJson;
import dev.tributary.experiments.report.ReportTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@code tributary experiment report KEY ...} (see {@link ReportArgs#USAGE}): the definition from the
 * definitions file, the rows from the warehouse through the {@link ExperimentResults} port the caller builds
 * from the arguments, the report as a table or JSON. Exit codes: 0 printed, 1 the warehouse could not be read,
 * 2 bad arguments, unknown key or invalid definitions file (stderr says which). Thread-safe (holds only its
 * collaborators).
 */
public final class ExperimentCommand {

  public static final String USAGE = ReportArgs.USAGE;

  private final Path defaultDefinitions;
  private final Function<ReportArgs, ExperimentResults> results;

  /**
   * @param defaultDefinitions the definitions file read without {@code --definitions}
   * @param results builds the warehouse reader for the parsed arguments (port, database)
   */
  public ExperimentCommand(Path defaultDefinitions, Function<ReportArgs, ExperimentResults> results) {
    this.defaultDefinitions = Objects.requireNonNull(defaultDefinitions, "defaultDefinitions");
    this.results = Objects.requireNonNull(results, "results");
  }

  /** Runs the arguments after {@code experiment}; returns the exit code. */
  public int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || !args[0].equals("report")) {
      if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
        out.print(USAGE);
        return 0;
      }
      return usage(err, args.length == 0 ? "which command? the only one is 'report'"
          : "unknown experiment command '" + args[0] + "'; the only one is 'report'");
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (rest.length == 1 && (rest[0].equals("--help") || rest[0].equals("-h"))) {
      out.print(USAGE);
      return 0;
    }
    ReportArgs parsed;
    ExperimentDefinition definition;
    try {
      parsed = ReportArgs.parse(rest);
      definition = definition(parsed);
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
    int phase = parsed.phase().orElse(definition.phase());
    if (phase > definition.phase()) {
      return usage(err, "--phase " + phase + ": experiment '" + definition.key() + "' is in phase "
          + definition.phase() + "; there is no later phase yet");
    }
    ObservedResults observed;
    try {
      observed = results.apply(parsed).read(definition.key(), phase);
    } catch (RuntimeException e) {
      err.println("tributary experiment: cannot read the results of '" + definition.key() + "' from database "
          + parsed.database() + " on ClickHouse port " + parsed.clickhouseHttpPort() + ": " + e.getMessage());
      return 1;
    }
    ExperimentReport report = ExperimentReporter.report(definition, phase, observed);
    out.print(parsed.json() ? ReportJson.render(report) + System.lineSeparator() : ReportTable.render(report));
    return 0;
  }

  private ExperimentDefinition definition(ReportArgs args) {
    Path file = args.definitions().orElse(defaultDefinitions);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the definitions file " + file + ": " + e.getMessage()
          + " (name one with --definitions FILE)");
    }
    // which metrics exist is the metrics catalogue's business and the serving ingest's check; the report reads
    // whatever the file names, and says "no data yet" for a metric the warehouse has no sums of
    DefinitionsParser.Parsed parsed = DefinitionsParser.parseAnyMetrics(text);
    if (parsed instanceof DefinitionsParser.Invalid invalid) {
      throw new IllegalArgumentException("the definitions file " + file + " is invalid: "
          + String.join("; ", invalid.errors().stream().map(DefinitionError::describe).toList()));
    }
    Definitions definitions = ((DefinitionsParser.Valid) parsed).definitions();
    Map<String, ExperimentDefinition> byKey = definitions.byKey();
    ExperimentDefinition definition = byKey.get(args.key());
    if (definition == null) {
      throw new IllegalArgumentException("no experiment '" + args.key() + "' in " + file + "; it declares "
          + (byKey.isEmpty() ? "none" : String.join(", ", byKey.keySet())));
    }
    return definition;
  }

  private static int usage(PrintStream err, String message) {
    err.println("tributary experiment: " + message);
    err.println();
    err.print(USAGE);
    return 2;
  }
}
