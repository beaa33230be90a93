package dev.tributary.localstack.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * Turns one input line into a {@link ParsedLine}: JSON lines are parsed as JSON, CSV lines split and
 * mapped by a {@link FieldMapping}. Nothing else is checked: the ingest service validates events with
 * its own rules, so the import cannot drift from them. An event without {@code event_id}/{@code messageId}
 * gets {@link EventIds#forLine}, so a batch sent twice (a crash between the server's answer and the
 * checkpoint) is one event per id downstream.
 *
 * <p>Thread-safe: immutable (Jackson's mapper is thread-safe once configured).
 */
public final class LineParser {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final ImportFormat format;
  private final FieldMapping mapping;

  private LineParser(ImportFormat format, FieldMapping mapping) {
    this.format = format;
    this.mapping = mapping;
  }

  /** A parser of JSON lines. */
  public static LineParser jsonLines() {
    return new LineParser(ImportFormat.JSONL, null);
  }

  /** A parser of CSV records mapped by {@code mapping}. */
  public static LineParser csv(FieldMapping mapping) {
    return new LineParser(ImportFormat.CSV, Objects.requireNonNull(mapping, "mapping"));
  }

  /** Parses line number {@code line} with text {@code raw} (no line break). */
  public ParsedLine parse(long line, String raw) {
    if (raw.isBlank()) {
      return new ParsedLine.Blank(line);
    }
    JsonNode event;
    if (format == ImportFormat.JSONL) {
      try {
        event = JSON.readTree(raw);
      } catch (JsonProcessingException e) {
        return new ParsedLine.Unreadable(line, raw, "malformed_json", e.getOriginalMessage());
      }
    } else {
      try {
        event = mapping.apply(CsvRecord.parse(raw));
      } catch (CsvRecord.CsvException e) {
        return new ParsedLine.Unreadable(line, raw, "csv_syntax", e.getMessage());
      } catch (IllegalArgumentException e) {
        return new ParsedLine.Unreadable(line, raw, "csv_fields", "line " + line + " " + e.getMessage());
      }
    }
    if (event instanceof ObjectNode object && !object.has("event_id") && !object.has("messageId")) {
      object.put("event_id", EventIds.forLine(raw));
    }
    return new ParsedLine.Event(line, raw, event);
  }
}
