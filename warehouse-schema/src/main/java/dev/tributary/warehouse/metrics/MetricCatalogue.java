package dev.tributary.warehouse.metrics;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tributary.warehouse.metrics.MetricDefinition.Grain;
import dev.tributary.warehouse.metrics.MetricDefinition.Unit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The metrics catalogue — the "auditable" part of the warehouse: every key metric with its name,
 * description, grain, owner and the SQL that defines it, kept in the repository
 * ({@code warehouse-schema/src/main/resources/metrics.yaml}), loaded into the warehouse by the sink
 * ({@link MetricDefinitionsTable}) and documented in {@code docs/METRICS.md}. Experiments name their
 * primary and guardrail metrics from {@link #experimentMetrics()}: the metrics whose {@code per_unit} block
 * says how one unit's value is computed from its events ({@link PerUnitMetric}).
 *
 * <p>Parsing checks every rule and reports every problem at once ({@link MetricCatalogueException}).
 *
 * <p>Immutable; thread-safe.
 *
 * @param metrics the metrics in file order
 * @param version the first 16 hex digits of the SHA-256 of the file, so a loaded row says which
 *     revision of the catalogue it came from
 */
public record MetricCatalogue(List<MetricDefinition> metrics, String version) {

  /** The classpath resource of the catalogue that ships with Tributary. */
  public static final String RESOURCE = "metrics.yaml";

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final Set<String> FIELDS = Set.of("name", "title", "description", "grain", "owner", "unit", "sql",
      PerUnitReader.FIELD);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  public MetricCatalogue {
    metrics = List.copyOf(metrics);
  }

  /** The catalogue that ships with Tributary. */
  public static MetricCatalogue bundled() {
    try (InputStream in = MetricCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      return parse(RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }

  /**
   * Parses and checks a catalogue file.
   *
   * @param source what to call the file in error messages
   * @throws MetricCatalogueException naming every problem
   */
  public static MetricCatalogue parse(String source, String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JacksonException e) {
      throw new MetricCatalogueException(source, List.of("not YAML: " + e.getOriginalMessage()));
    }
    JsonNode list = root == null ? null : root.get("metrics");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new MetricCatalogueException(source, List.of("needs a non-empty list `metrics`"));
    }
    List<String> problems = new ArrayList<>();
    List<MetricDefinition> metrics = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      metric(list.get(i), i, names, problems).ifPresent(metrics::add);
    }
    if (!problems.isEmpty()) {
      throw new MetricCatalogueException(source, problems);
    }
    return new MetricCatalogue(metrics, sha256(yaml).substring(0, 16));
  }

  /** The metric names, in catalogue order. */
  public List<String> names() {
    return metrics.stream().map(MetricDefinition::name).toList();
  }

  /**
   * The metrics experiments may name (primary and guardrail): those with a {@code per_unit} block, by name in
   * catalogue order. The one list of experiment metrics: the ingest service validates definitions against its
   * names, transform-streams computes their per-variant sums.
   */
  public Map<String, PerUnitMetric> experimentMetrics() {
    Map<String, PerUnitMetric> out = new LinkedHashMap<>();
    metrics.forEach(m -> m.perUnit().ifPresent(p -> out.put(m.name(), p)));
    return Collections.unmodifiableMap(out);
  }

  /** The metric of that name, if the catalogue has one. */
  public Optional<MetricDefinition> find(String name) {
    return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  private static Optional<MetricDefinition> metric(JsonNode node, int index, Set<String> names, List<String> problems) {
    String where = "metrics[" + index + "]";
    if (!node.isObject()) {
      problems.add(where + ": must be a mapping of " + String.join(", ", FIELDS.stream().sorted().toList()));
      return Optional.empty();
    }
    String name = text(node, "name", where, problems);
    if (name != null) {
      where = "metric " + name;
      if (!NAME.matcher(name).matches()) {
        problems.add(where + ": name must be snake_case (a-z, 0-9, _; starting with a letter; at most 63 characters)");
      } else if (!names.add(name)) {
        problems.add(where + ": name is declared twice");
      }
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        problems.add(where + ": unknown field `" + field + "` (expected " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
      }
    }
    String title = text(node, "title", where, problems);
    String description = text(node, "description", where, problems);
    String owner = text(node, "owner", where, problems);
    Grain grain = choice(node, "grain", Grain.class, where, problems);
    Unit unit = choice(node, "unit", Unit.class, where, problems);
    String sql = text(node, "sql", where, problems);
    if (sql != null) {
      checkSql(sql, where, problems);
    }
    Optional<PerUnitMetric> perUnit = PerUnitReader.read(node, where, problems);
    if (name == null || title == null || description == null || owner == null || grain == null || unit == null
        || sql == null) {
      return Optional.empty();
    }
    return Optional.of(new MetricDefinition(name, title, description, grain, owner, unit, sql.strip(), perUnit));
  }

  private static void checkSql(String sql, String where, List<String> problems) {
    String s = sql.strip();
    String upper = s.toUpperCase(Locale.ROOT);
    if (!upper.startsWith("SELECT")) {
      problems.add(where + ": sql must be one SELECT");
    }
    if (s.contains(";")) {
      problems.add(where + ": sql must be one statement, without `;`");
    }
    if (!upper.contains(" AS PERIOD") || !upper.contains(" AS VALUE")) {
      problems.add(where + ": sql must name its first two columns `period` and `value` (… AS period, … AS value)");
    }
  }

  /** The non-empty text of {@code field}, else null and a problem (shared with {@link PerUnitReader}). */
  static String text(JsonNode node, String field, String where, List<String> problems) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      problems.add(where + ": `" + field + "` is required");
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      problems.add(where + ": `" + field + "` must be non-empty text");
      return null;
    }
    return value.asText();
  }

  /** The constant {@code field} names (lower case), else null and a problem (shared with {@link PerUnitReader}). */
  static <E extends Enum<E>> E choice(JsonNode node, String field, Class<E> type, String where,
      List<String> problems) {
    String value = text(node, field, where, problems);
    if (value == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(where + ": `" + field + "` must be one of " + Arrays.stream(type.getEnumConstants())
          .map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + ", not `" + value + "`");
      return null;
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
