package dev.tributary.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.common.event.Rule;
import dev.tributary.ingest.validation.ValidationResult.Rejected;
import java.util.ArrayList;
import java.util.List;

/**
 * The items of a batch request body: either {@code {"batch":[...]}} (Segment's shape, whose
 * top-level fields apply to the items as {@link SegmentCalls} describes) or a bare JSON array.
 * Anything else is a rejection of the request as a whole.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface BatchItems permits BatchItems.Items, BatchItems.Invalid {

  /** The items, in request order. */
  record Items(List<JsonNode> items) implements BatchItems {
    public Items {
      items = List.copyOf(items);
    }
  }

  /** The body is not a batch at all. */
  record Invalid(Rejected reason) implements BatchItems {}

  /** Extracts the items of a parsed batch body. */
  static BatchItems of(JsonNode body) {
    JsonNode array = body;
    if (body.isObject()) {
      array = body.get("batch");
      if (array == null || array.isNull()) {
        return new Invalid(new Rejected("batch", Rule.REQUIRED, "a batch body is {\"batch\":[event, ...]} or a JSON array"));
      }
    }
    if (!array.isArray()) {
      return new Invalid(new Rejected("batch", Rule.TYPE, "batch must be a JSON array of events"));
    }
    if (array.isEmpty()) {
      return new Invalid(new Rejected("batch", Rule.NOT_EMPTY, "batch must contain at least one event"));
    }
    List<JsonNode> items = new ArrayList<>(array.size());
    array.forEach(item -> items.add(SegmentCalls.batchItem(item, body)));
    return new Items(items);
  }
}
