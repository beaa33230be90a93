package dev.tributary.e2e.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL the deployment's monitoring runs — every Grafana panel target of
 * {@code deploy/grafana/dashboards/*.json} and every alert of {@code deploy/prometheus/alerts.yml} —
 * and the metric names each one reads, so tests can hold them against what the services export.
 *
 * <p>Stateless and thread-safe.
 */
public final class MonitoringQueries {

  /** Names Prometheus itself produces for every target, not the services. */
  public static final Set<String> PROMETHEUS_BUILTINS = Set.of("up");

  /** One query and where it comes from (panel title or alert name), for failure messages. */
  public record Query(String origin, String expr) {}

  private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern SELECTORS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
  private static final Pattern GROUPINGS = Pattern.compile(
      "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
      "ignoring", "group_left", "group_right", "inf", "nan");
  private static final ObjectMapper JSON = new ObjectMapper();

  private MonitoringQueries() {}

  /** Every panel target of the dashboard file, origin "dashboard title / panel title". */
  public static List<Query> dashboard(Path file) {
    JsonNode dashboard = read(JSON, file);
    List<Query> out = new ArrayList<>();
    collectPanels(dashboard.path("title").asText(), dashboard.path("panels"), out);
    return out;
  }

  private static void collectPanels(String dashboard, JsonNode panels, List<Query> out) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        out.add(new Query(dashboard + " / " + panel.path("title").asText(), target.path("expr").asText()));
      }
      collectPanels(dashboard, panel.path("panels"), out);
    }
  }

  /** Every alert rule's expression in a Prometheus rules file, origin the alert name. */
  public static List<Query> alerts(Path file) {
    List<Query> out = new ArrayList<>();
    for (JsonNode group : read(new YAMLMapper(), file).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        out.add(new Query(rule.path("alert").asText(rule.path("record").asText()), rule.path("expr").asText()));
      }
    }
    return out;
  }

  /**
   * The metric names a PromQL expression reads: identifiers outside label matchers, strings, ranges
   * and grouping clauses that are neither functions (followed by a parenthesis) nor keywords.
   */
  public static Set<String> metricNames(String promql) {
    String s = STRINGS.matcher(promql).replaceAll(" ");
    s = SELECTORS.matcher(s).replaceAll(" ");
    s = RANGES.matcher(s).replaceAll(" ");
    s = GROUPINGS.matcher(s).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      String name = m.group();
      boolean function = s.substring(m.end()).stripLeading().startsWith("(");
      boolean number = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
      if (!function && !number && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        names.add(name);
      }
    }
    return names;
  }

  /** The sample names of a Prometheus text exposition ({@code name{labels} value} lines). */
  public static Set<String> sampleNames(String exposition) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = IDENTIFIER.matcher(line);
      if (m.lookingAt()) {
        names.add(m.group());
      }
    }
    return names;
  }

  private static JsonNode read(ObjectMapper mapper, Path file) {
    try {
      return mapper.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }
}
