package dev.tributary.ingest.validation;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON dialect of the collector. Numbers keep their exact text (a revenue of 19.90 stays
 * 19.90 after re-serialization), duplicate keys and trailing garbage are malformed JSON, so the
 * payload downstream reads means exactly what the client sent.
 *
 * <p>Thread-safe: the mapper is configured once and never changed.
 */
public final class EventJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .build();

  private EventJson() {}

  /**
   * Parses a request body.
   *
   * @throws JsonProcessingException when the bytes are not exactly one JSON value
   */
  public static JsonNode parse(byte[] body) throws JsonProcessingException {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new JsonParseException(null, "empty body: expected a JSON value");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // byte arrays do not fail with I/O errors
    }
  }

  /** The compact UTF-8 JSON of {@code node}. */
  public static byte[] compactBytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON tree cannot be written back: " + e.getMessage(), e);
    }
  }

  /** The compact JSON text of {@code node}. */
  public static String compactText(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON tree cannot be written back: " + e.getMessage(), e);
    }
  }

  /** A fresh, empty JSON object. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }
}
