package dev.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.experiments.definition.DefinitionsParser;
import dev.tributary.experiments.definition.ExperimentDefinition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scripted A/B test whose answers are known by hand, for the end-to-end tests: {@link #VISITORS} visitors ask
 * the ingest service's assignment endpoint for their variant of {@link #KEY} (50/50, full coverage), see it (a
 * Segment {@code Experiment Viewed} call) and convert by a rule with a known lift; every fourth visitor is a
 * <em>regular</em> who bought 10 minutes before the exposure (the CUPED pre-exposure period) and buys again after
 * it; three more units see both variants and must be excluded.
 *
 * <p>Conversion: regulars always convert; of the other visitors of a variant, in visitor order, every fifth in the
 * control and two in five in the treatment. By design the rates are 1/4 + 3/4 · 1/5 = 40 % and 1/4 + 3/4 · 2/5 =
 * 55 %: a relative lift of {@link #DESIGNED_LIFT}. Regular visitors are the same in both arms only on average,
 * which is what CUPED corrects for.
 *
 * <p>Not thread-safe; one instance per run.
 */
final class ScriptedExperiment {

  static final String KEY = "e2e-checkout";
  static final int VISITORS = 200;
  static final List<String> MULTI_VARIANT_UNITS = List.of("e2e-both-1", "e2e-both-2", "e2e-both-3");
  /** (0.55 − 0.40) / 0.40. */
  static final double DESIGNED_LIFT = 0.375;
  /** The CUPED lookback the test's streams stage runs with: the regulars' earlier purchase is inside it. */
  static final Duration LOOKBACK = Duration.ofMinutes(30);
  static final String DEFINITIONS = """
      changed_by: e2e@tributary.dev
      experiments:
        - key: e2e-checkout
          status: running
          coverage: 1
          variants: [{id: control, weight: 0.5}, {id: treatment, weight: 0.5}]
          start: 2026-01-01T00:00:00Z
          hypothesis: The new checkout makes more visitors buy.
          primary_metric: purchase_conversion_rate
          guardrail_metrics: [revenue_per_active_user]
      """;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** What one variant should show: units, conversions, Σ revenue, and the covariates Σx of both metrics. */
  record Expected(long units, long conversions, double revenue, long preConversions, double preRevenue,
      double preRevenueTimesRevenue) {}

  private final String ingestUrl;
  private final String writeKey;
  private final Map<String, String> variantOf = new LinkedHashMap<>();
  private final Map<String, Expected> expected = new LinkedHashMap<>();
  private int messages;

  ScriptedExperiment(String ingestUrl, String writeKey) {
    this.ingestUrl = ingestUrl;
    this.writeKey = writeKey;
  }

  static ExperimentDefinition definition() {
    return ((DefinitionsParser.Valid) DefinitionsParser.parseAnyMetrics(DEFINITIONS)).definitions().byKey().get(KEY);
  }

  /**
   * Assigns every visitor through the endpoint, then sends, each kind in its own acknowledged batches so that a
   * unit's events are read in this order: the regulars' earlier purchases, the exposures (the multi-variant
   * units' second ones last), the purchases after.
   */
  void run(Instant exposedAt) throws Exception {
    for (int from = 0; from < VISITORS; from += 20) { // 20 at a time: the answers depend on the id only
      List<java.util.concurrent.CompletableFuture<String>> assignments = new ArrayList<>();
      for (int i = from; i < from + 20; i++) {
        assignments.add(assign(visitor(i)));
      }
      for (int i = from; i < from + 20; i++) {
        variantOf.put(visitor(i), assignments.get(i - from).get(30, java.util.concurrent.TimeUnit.SECONDS));
      }
    }
    List<ObjectNode> before = new ArrayList<>();
    List<ObjectNode> exposures = new ArrayList<>();
    List<ObjectNode> after = new ArrayList<>();
    Map<String, Integer> othersSeen = new LinkedHashMap<>();
    Map<String, long[]> counts = new LinkedHashMap<>();
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (int i = 0; i < VISITORS; i++) {
      String v = visitor(i);
      String variant = variantOf.get(v);
      boolean regular = i % 4 == 0;
      Instant at = exposedAt.plusMillis(10L * i);
      double preRevenue = 25 + 5 * (i % 3);
      double revenue = 20 + 10 * (i % 5);
      if (regular) {
        before.add(track(v, "purchase", at.minus(Duration.ofMinutes(10)), revenue(preRevenue)));
      }
      exposures.add(track(v, "Experiment Viewed", at, exposure(variant)));
      boolean converts = regular || converts(variant, othersSeen.merge(variant, 1, Integer::sum) - 1);
      if (converts) {
        after.add(track(v, "purchase", at.plusSeconds(30), revenue(revenue)));
      }
      long[] c = counts.computeIfAbsent(variant, k -> new long[3]);
      c[0]++;
      c[1] += converts ? 1 : 0;
      c[2] += regular ? 1 : 0;
      double[] s = sums.computeIfAbsent(variant, k -> new double[3]);
      s[0] += converts ? revenue : 0;
      s[1] += regular ? preRevenue : 0;
      s[2] += regular && converts ? preRevenue * revenue : 0;
    }
    List<ObjectNode> second = new ArrayList<>();
    for (int i = 0; i < MULTI_VARIANT_UNITS.size(); i++) {
      String u = MULTI_VARIANT_UNITS.get(i);
      Instant at = exposedAt.plusSeconds(5 + i);
      exposures.add(track(u, "Experiment Viewed", at, exposure("control")));
      second.add(track(u, "Experiment Viewed", at.plusSeconds(1), exposure("treatment")));
      after.add(track(u, "purchase", at.plusSeconds(30), revenue(99)));
    }
    post(before);
    post(exposures);
    post(second);
    post(after);
    counts.forEach((variant, c) -> {
      double[] s = sums.get(variant);
      expected.put(variant, new Expected(c[0], c[1], s[0], c[2], s[1], s[2]));
    });
  }

  /** Per variant, what the warehouse must show (the multi-variant units in none of it). */
  Map<String, Expected> expected() {
    return Map.copyOf(expected);
  }

  /** The scripted conversion: every fifth other visitor of the control, two in five of the treatment. */
  private static boolean converts(String variant, int rankAmongOthers) {
    return rankAmongOthers % 5 < (variant.equals("control") ? 1 : 2);
  }

  private static String visitor(int i) {
    return String.format(java.util.Locale.ROOT, "e2e-visitor-%03d", i);
  }

  private java.util.concurrent.CompletableFuture<String> assign(String visitor) {
    return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/experiments/assignments?user_id="
            + visitor)).header("Authorization", "Bearer " + writeKey).build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(response -> {
          assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
          JsonNode experiment;
          try {
            experiment = JSON.readTree(response.body()).get("experiments").get(0);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          assertThat(experiment.get("key").asText()).isEqualTo(KEY);
          assertThat(experiment.get("in_experiment").asBoolean()).as("full coverage").isTrue();
          return experiment.get("variation_id").asText();
        });
  }

  private static ObjectNode exposure(String variant) {
    return JSON.createObjectNode().put("experiment_id", KEY).put("variation_id", variant);
  }

  private static ObjectNode revenue(double revenue) {
    return JSON.createObjectNode().put("revenue", revenue);
  }

  private ObjectNode track(String user, String event, Instant at, ObjectNode properties) {
    ObjectNode call = JSON.createObjectNode().put("type", "track").put("messageId", "x-" + (++messages))
        .put("timestamp", at.toString()).put("userId", user).put("event", event);
    call.set("properties", properties);
    return call;
  }

  private void post(List<ObjectNode> calls) throws Exception {
    for (int from = 0; from < calls.size(); from += 100) {
      ArrayNode batch = JSON.createArrayNode();
      calls.subList(from, Math.min(calls.size(), from + 100)).forEach(batch::add);
      ObjectNode body = JSON.createObjectNode();
      body.set("batch", batch);
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/batch"))
          .header("Authorization", "Bearer " + writeKey).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(JSON.readTree(response.body()).get("accepted").asInt()).as(response.body()).isEqualTo(batch.size());
    }
  }
}
