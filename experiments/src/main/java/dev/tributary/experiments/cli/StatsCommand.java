package dev.tributary.experiments.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.experiments.stats.InvalidSumsException;
import dev.tributary.experiments.stats.SampleRatioCheck;
import dev.tributary.experiments.stats.SampleSize;
import dev.tributary.experiments.stats.StatsEngine;
import dev.tributary.experiments.stats.StatsResult;
import dev.tributary.experiments.stats.simulation.PeekingSimulation;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code tributary stats [srm | sample-size | simulate ...]}. Exit codes: 0 answered, 1 valid
 * input from which no effect can be computed (the JSON says why), 2 bad input (stderr names the
 * field and the rule). Stateless; the caller owns the streams.
 */
public final class StatsCommand {

  public static final String USAGE = String.join(System.lineSeparator(),
      "usage: tributary stats              < request.json   effect, se, ci, p_value, chance_to_win",
      "       tributary stats srm          < counts.json    sample-ratio mismatch against the designed weights",
      "       tributary stats sample-size  < plan.json      units per variant for an MDE",
      "       tributary stats simulate [--tests 1000] [--peek-every 100] [--users 10000] [--seed 1]",
      "                                [--baseline 0.2] [--lift 0.1]",
      "See docs/EXPERIMENTS.md for the fields.", "");

  private static final ObjectMapper PRETTY = new ObjectMapper();

  private StatsCommand() {}

  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    String sub = args.length == 0 ? "" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (sub) {
        case "" -> {
          return analyse(read(in), out, err);
        }
        case "srm" -> {
          noArguments(rest);
          StatsRequests.Srm srm = StatsRequests.srm(read(in));
          print(out, StatsResponses.srm(SampleRatioCheck.check(srm.counts(), srm.weights())));
          return 0;
        }
        case "sample-size" -> {
          noArguments(rest);
          SampleSize.Plan plan = StatsRequests.sampleSize(read(in));
          print(out, StatsResponses.sampleSize(plan, SampleSize.perVariant(plan)));
          return 0;
        }
        case "simulate" -> {
          out.print(PeekingSimulation.run(SimulateArgs.parse(rest)).render());
          return 0;
        }
        case "--help", "-h", "help" -> {
          out.print(USAGE);
          return 0;
        }
        default -> throw new InvalidSumsException("command", "unknown stats command '" + sub + "'");
      }
    } catch (InvalidSumsException e) {
      err.println("tributary stats: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
  }

  private static int analyse(String json, PrintStream out, PrintStream err) {
    StatsRequests.Analyse request = StatsRequests.analyse(json);
    StatsResult result = StatsEngine.analyse(request.spec(), request.control(), request.treatment());
    print(out, StatsResponses.analysis(request, result));
    if (result instanceof StatsResult.NotComputable none) {
      err.println("tributary stats: not computable (" + none.reason().name().toLowerCase(java.util.Locale.ROOT)
          + "): " + none.message());
      return 1;
    }
    return 0;
  }

  private static void noArguments(String[] rest) {
    if (rest.length > 0) {
      throw new InvalidSumsException(rest[0], "is not an option here; the request comes as JSON on stdin");
    }
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read stdin", e);
    }
  }

  private static void print(PrintStream out, ObjectNode node) {
    try {
      out.println(PRETTY.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a JSON tree we built", e);
    }
  }
}
