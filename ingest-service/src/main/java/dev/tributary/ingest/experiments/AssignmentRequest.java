package dev.tributary.ingest.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Who an assignment request is for: {@code user_id}, else {@code anonymous_id}, from the query string
 * ({@code GET}) or a JSON object body ({@code POST}). The id that is hashed is the user id when there is one,
 * like the identity the events are keyed by, so a user keeps their variant across devices once identified.
 *
 * <p>Thread-safe: stateless.
 */
public final class AssignmentRequest {

  public static final String USER_ID = "user_id";
  public static final String ANONYMOUS_ID = "anonymous_id";

  /** What the request asks for. */
  public sealed interface Parsed permits Identified, Invalid {}

  /** The request names a unit: which attribute and its value. */
  public record Identified(String attribute, String id) implements Parsed {}

  /** The request is refused: the field at fault, the rule it breaks and what to send instead. */
  public record Invalid(String field, String rule, String message) implements Parsed {}

  private static final Invalid MISSING = new Invalid(USER_ID, "required",
      "send user_id or anonymous_id (a non-empty string), as a query parameter or in a JSON object body");

  private AssignmentRequest() {}

  /** From query parameters (each name to its values, in order). */
  public static Parsed fromQuery(Map<String, List<String>> params) {
    for (String attribute : List.of(USER_ID, ANONYMOUS_ID)) {
      List<String> values = params.getOrDefault(attribute, List.of());
      if (values.size() > 1) {
        return new Invalid(attribute, "single", attribute + " is given " + values.size() + " times; send it once");
      }
      if (!values.isEmpty() && !values.get(0).isEmpty()) {
        return new Identified(attribute, values.get(0));
      }
    }
    return MISSING;
  }

  /** From a JSON body. */
  public static Parsed fromBody(JsonNode body) {
    if (body == null || !body.isObject()) {
      return new Invalid("$", "type", "the body must be a JSON object such as {\"user_id\": \"u1\"}");
    }
    for (String attribute : List.of(USER_ID, ANONYMOUS_ID)) {
      JsonNode value = body.get(attribute);
      if (value == null || value.isNull()) {
        continue;
      }
      if (!value.isTextual()) {
        return new Invalid(attribute, "type", attribute + " must be a string");
      }
      if (!value.textValue().isEmpty()) {
        return new Identified(attribute, value.textValue());
      }
    }
    return MISSING;
  }
}
