package dev.tributary.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.ingest.validation.ValidationResult.Accepted;
import dev.tributary.ingest.validation.ValidationResult.Rejected;
import java.util.ArrayList;
import java.util.List;

/**
 * The validation of a whole batch split into what will be published and what is reported back,
 * each item keeping its index in the request so the client can match the complaints.
 *
 * <p>Immutable and thread-safe.
 */
public record BatchVerdict(List<Item<Accepted>> accepted, List<Item<Rejected>> rejected) {

  /** One batch item's result and its zero-based position in the request. */
  public record Item<R extends ValidationResult>(int index, R result) {}

  public BatchVerdict {
    accepted = List.copyOf(accepted);
    rejected = List.copyOf(rejected);
  }

  /** Splits per-item results given in request order. */
  public static BatchVerdict of(List<? extends ValidationResult> results) {
    List<Item<Accepted>> ok = new ArrayList<>();
    List<Item<Rejected>> bad = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      ValidationResult r = results.get(i);
      if (r instanceof Accepted a) {
        ok.add(new Item<>(i, a));
      } else if (r instanceof Rejected j) {
        bad.add(new Item<>(i, j));
      }
    }
    return new BatchVerdict(ok, bad);
  }

  /** Validates each item of a batch. */
  public static BatchVerdict validate(EventValidator validator, List<? extends JsonNode> items) {
    return of(items.stream().map(validator::validate).toList());
  }

  /** The accepted events, in request order. */
  public List<Accepted> acceptedEvents() {
    return accepted.stream().map(Item::result).toList();
  }
}
