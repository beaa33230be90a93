package dev.tributary.localstack.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The demo's experiment, scripted: the first experiment of the example definitions file, run on visitors of
 * its own (ids apart from {@link DemoEvents}' users, so their background purchases cannot blur the result),
 * who convert — send the primary metric's event, {@code purchase} — at {@link #CONTROL_RATE} in the control
 * and at {@link #CONTROL_RATE} × (1 + {@link #RELATIVE_LIFT}) in every other variant, while coverage is
 * ramped along {@link #RAMP}, one step every {@link #STEP}. This is the one place that states the lift, so a
 * test can check that the report recovers it within its interval.
 *
 * <p>Whether a visitor converts is decided by the visitor's id alone (a seeded draw), so the same visitors
 * give the same result in a test as on the stack. Pure; thread-safe (immutable).
 */
public final class DemoExperiment {

  /** The control's conversion rate. */
  public static final double CONTROL_RATE = 0.10;
  /** The scripted relative lift of every treatment's conversion rate: 10 % → 12 %. */
  public static final double RELATIVE_LIFT = 0.20;
  /** Coverage, step by step: 5 % → 10 % → 20 % → 100 %. */
  public static final List<Double> RAMP = List.of(0.05, 0.10, 0.20, 1.0);
  /** How long each ramp step lasts, short enough that a few-minute demo reaches 100 %. */
  public static final Duration STEP = Duration.ofSeconds(45);
  /** Who the ramp's edits are attributed to in {@code experiment_changes_v}. */
  public static final String AUTHOR = "tributary-demo";
  /** The event a conversion sends: what the example's primary metric counts. */
  public static final String CONVERSION_EVENT = "purchase";
  static final String EXPOSURE_EVENT = "Experiment Viewed";

  private static final long SEED = 0x7e57_11f7L;
  private static final YAMLMapper YAML = new YAMLMapper();

  private DemoExperiment() {}

  /** The conversion rate of a variant, by its index (0 = control). */
  public static double rate(int variationIndex) {
    return variationIndex == 0 ? CONTROL_RATE : CONTROL_RATE * (1 + RELATIVE_LIFT);
  }

  /** The coverage in force {@code elapsed} after the demo started. */
  public static double coverageAt(Duration elapsed) {
    long step = elapsed.isNegative() ? 0 : elapsed.toMillis() / STEP.toMillis();
    return RAMP.get((int) Math.min(step, RAMP.size() - 1));
  }

  /** Whether {@code visitor}, shown the variant at {@code variationIndex}, converts. */
  public static boolean converts(String visitor, int variationIndex) {
    return draws(visitor).nextDouble() < rate(variationIndex);
  }

  /** The revenue of {@code visitor}'s purchase: 20.00 to 80.00, the same spread in every variant. */
  static BigDecimal revenue(String visitor) {
    SplittableRandom draws = draws(visitor);
    draws.nextDouble(); // the conversion's draw
    return BigDecimal.valueOf(2_000 + draws.nextInt(6_001)).movePointLeft(2);
  }

  private static SplittableRandom draws(String visitor) {
    return new SplittableRandom(SEED ^ visitor.hashCode() * 0x9E3779B97F4A7C15L);
  }

  /** The key of the demo's experiment: the example's first. */
  public static String experimentKey(String exampleYaml) {
    return firstExperiment(read(exampleYaml)).path("key").asText();
  }

  /**
   * The definitions file the stack serves at {@code coverage}: the example's, with its first experiment at that
   * coverage, the demo's baseline and MDE (the scripted rate and lift, so the planned sample size is one a demo
   * can reach) and the edit stamped with {@link #AUTHOR} and {@code at}.
   *
   * @throws IllegalArgumentException when the example has no experiment
   */
  public static String definitions(String exampleYaml, double coverage, Instant at) {
    JsonNode root = read(exampleYaml);
    ObjectNode experiment = firstExperiment(root);
    ObjectNode file = (ObjectNode) root;
    try {
      file.put("changed_by", AUTHOR);
      file.put("changed_at", at.toString());
      experiment.remove("changed_by");
      experiment.put("coverage", BigDecimal.valueOf(coverage));
      experiment.put("minimum_detectable_effect", BigDecimal.valueOf(RELATIVE_LIFT));
      experiment.putObject("baseline").put("mean", BigDecimal.valueOf(CONTROL_RATE));
      return "# Written by 'tributary up' from experiments/definitions.example.yaml; 'up --demo' ramps its coverage.\n"
          + YAML.writeValueAsString(file);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a YAML tree we read", e);
    }
  }

  private static JsonNode read(String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the example definitions are not YAML: " + e.getOriginalMessage(), e);
    }
  }

  private static ObjectNode firstExperiment(JsonNode root) {
    if (!(root instanceof ObjectNode file) || !(file.get("experiments") instanceof ArrayNode list) || list.isEmpty()
        || !(list.get(0) instanceof ObjectNode experiment)) {
      throw new IllegalArgumentException("the example definitions have no experiment for the demo to run");
    }
    return experiment;
  }

  /**
   * What a visitor included in the experiment sends: the Segment {@code Experiment Viewed} track call, and,
   * when the visitor converts, a {@code purchase} a second later.
   */
  public static List<Map<String, Object>> visit(String visitor, String experimentKey, String variationId,
      int variationIndex, Instant now, UUID eventIdBase) {
    List<Map<String, Object>> events = new ArrayList<>(2);
    Instant seen = now.minusSeconds(1);
    Map<String, Object> viewed = track(EXPOSURE_EVENT, visitor, seen, now, eventIdBase, 0);
    viewed.put("properties", Map.of("experiment_id", experimentKey, "variation_id", variationId));
    events.add(viewed);
    if (converts(visitor, variationIndex)) {
      Map<String, Object> purchase = track(CONVERSION_EVENT, visitor, now, now, eventIdBase, 1);
      purchase.put("properties", Map.of("order_id", "o-" + visitor, "revenue", revenue(visitor),
          "currency", "USD"));
      events.add(purchase);
    }
    return events;
  }

  private static Map<String, Object> track(String name, String visitor, Instant timestamp, Instant sentAt,
      UUID eventIdBase, int n) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", "track");
    event.put("event", name);
    event.put("event_id", new UUID(eventIdBase.getMostSignificantBits(), eventIdBase.getLeastSignificantBits() + n)
        .toString());
    event.put("user_id", visitor);
    event.put("timestamp", timestamp.toString());
    event.put("sent_at", sentAt.toString());
    event.put("context", Map.of("library", Map.of("name", "tributary-demo", "version", "1.0")));
    return event;
  }
}
