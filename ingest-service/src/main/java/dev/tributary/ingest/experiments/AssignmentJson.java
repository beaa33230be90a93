package dev.tributary.ingest.experiments;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.experiments.assignment.Assigner;
import dev.tributary.experiments.assignment.Assignment;
import dev.tributary.experiments.definition.Definitions;
import dev.tributary.experiments.definition.ExperimentDefinition;
import java.util.Map;

/**
 * The body of a successful assignment answer: the unit and, for every running experiment, what a GrowthBook
 * SDK given the same experiment (key, seed, weights, coverage, hash version 2) returns for that unit.
 *
 * <pre>
 * {"success": true, "hash_attribute": "user_id", "id": "u1", "experiments": [
 *   {"key": "checkout-button", "phase": 1, "seed": "checkout-button", "hash_version": 2, "coverage": 0.05,
 *    "in_experiment": true, "variation_index": 1, "variation_id": "green", "hash_value": 0.0312}]}
 * </pre>
 *
 * <p>Thread-safe: stateless.
 */
public final class AssignmentJson {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private AssignmentJson() {}

  /** The answer for {@code unit} under {@code definitions}. */
  public static ObjectNode of(AssignmentRequest.Identified unit, Definitions definitions) {
    ObjectNode body = JSON.objectNode();
    body.put("success", true);
    body.put("hash_attribute", unit.attribute());
    body.put("id", unit.id());
    ArrayNode list = body.putArray("experiments");
    Map<String, ExperimentDefinition> byKey = definitions.byKey();
    for (Assignment a : Assigner.assignRunning(definitions, unit.id())) {
      ExperimentDefinition e = byKey.get(a.experimentKey());
      ObjectNode item = list.addObject();
      item.put("key", a.experimentKey());
      item.put("phase", a.phase());
      item.put("seed", e.seed());
      item.put("hash_version", 2);
      item.put("coverage", e.coverage());
      item.put("in_experiment", a.inExperiment());
      item.put("variation_index", a.variationIndex());
      item.put("variation_id", a.variationId());
      a.hashValue().ifPresentOrElse(h -> item.put("hash_value", h), () -> item.putNull("hash_value"));
    }
    return body;
  }
}
