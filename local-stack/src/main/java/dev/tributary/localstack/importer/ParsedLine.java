package dev.tributary.localstack.importer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One input line after parsing: an event to send, a line that cannot be read (reported to the
 * rejects file, never sent), or a blank line (ignored).
 *
 * <p>Immutable and thread-safe (the event node is not modified after parsing).
 */
public sealed interface ParsedLine {

  /** The 1-based line number in the file. */
  long line();

  /** An event to send; {@code event} carries an event id. */
  record Event(long line, String raw, JsonNode event) implements ParsedLine {}

  /** A line that is not an event at all; {@code rule} is a short code, {@code message} says why. */
  record Unreadable(long line, String raw, String rule, String message) implements ParsedLine {}

  /** An empty or whitespace-only line. */
  record Blank(long line) implements ParsedLine {}
}
