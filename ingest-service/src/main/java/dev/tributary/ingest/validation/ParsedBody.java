package dev.tributary.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.ingest.validation.ValidationResult.Rejected;

/**
 * A request body after decoding: one JSON value, or the reason it is not acceptable at all
 * (bad UTF-8, bad syntax, a duplicate key, nesting or numbers beyond the parser limits), naming the
 * field where the parser stopped.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface ParsedBody permits ParsedBody.Json, ParsedBody.Malformed {

  /** The parsed value. */
  record Json(JsonNode node) implements ParsedBody {}

  /** Why the body was refused; {@code reason.field()} is a path such as {@code batch[2].properties.x}. */
  record Malformed(Rejected reason) implements ParsedBody {}
}
