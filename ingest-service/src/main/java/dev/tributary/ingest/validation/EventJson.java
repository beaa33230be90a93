package dev.tributary.ingest.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.common.event.Rule;
import dev.tributary.ingest.validation.ValidationResult.Rejected;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON dialect of the collector. Numbers keep their exact text (a revenue of 19.90 stays
 * 19.90 after re-serialization), duplicate keys and trailing garbage are malformed JSON, so the
 * payload downstream reads means exactly what the client sent. Bodies are decoded as strict UTF-8
 * (no encoding detection), nesting and number length are bounded while parsing so hostile input
 * costs little.
 *
 * <p>Thread-safe: the mapper is configured once and never changed.
 */
public final class EventJson {

  /** Hard nesting limit of a whole request body; events have their own, lower limit ({@link JsonShape}). */
  public static final int MAX_BODY_DEPTH = 64;
  /** Longest number literal accepted, in characters. */
  public static final int MAX_NUMBER_LENGTH = 100;

  private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(MAX_BODY_DEPTH)
              .maxNumberLength(MAX_NUMBER_LENGTH)
              .build())
          .build())
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

  /**
   * Decodes a request body as strict UTF-8 and parses it as exactly one JSON value, or says why it
   * cannot be, naming the rule and the path where decoding or parsing stopped.
   */
  public static ParsedBody parseBody(byte[] body) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out = CharBuffer.allocate(body.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      return malformed(JsonPaths.ROOT, Rule.UTF8, "the body is not valid UTF-8 (bad byte sequence at byte offset "
          + in.position() + ")");
    }
    decoder.flush(out);
    out.flip();
    String text = out.length() > 0 && out.charAt(0) == '\uFEFF' ? out.subSequence(1, out.length()).toString() : out.toString();
    if (text.isBlank()) {
      return malformed(JsonPaths.ROOT, Rule.JSON_SYNTAX, "the body is empty: expected a JSON value");
    }
    JsonParser parser = null;
    try {
      parser = MAPPER.createParser(text);
      JsonNode node = MAPPER.readTree(parser);
      if (node == null || node.isMissingNode()) {
        return malformed(JsonPaths.ROOT, Rule.JSON_SYNTAX, "the body is empty: expected a JSON value");
      }
      return new ParsedBody.Json(node);
    } catch (JsonProcessingException e) {
      return malformed(parser, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // strings do not fail with I/O errors
    } finally {
      closeQuietly(parser);
    }
  }

  private static ParsedBody malformed(JsonParser parser, JsonProcessingException e) {
    String path = parser == null ? JsonPaths.ROOT : JsonPaths.of(parser.getParsingContext());
    String detail = e.getOriginalMessage();
    if (e instanceof StreamConstraintsException) {
      if (detail != null && detail.toLowerCase(java.util.Locale.ROOT).contains("nesting")) {
        return malformed(path, Rule.MAX_DEPTH, "objects and arrays may be nested at most " + MAX_BODY_DEPTH
            + " levels deep in a request body");
      }
      return malformed(path, Rule.MAX_NUMBER, "number literals may be at most " + MAX_NUMBER_LENGTH + " characters long");
    }
    if (detail != null && detail.startsWith("Duplicate field")) {
      return malformed(path, Rule.DUPLICATE_KEY, "the key " + path + " appears more than once in its object");
    }
    return malformed(path, Rule.JSON_SYNTAX, "the body is not valid JSON: " + firstLine(detail));
  }

  private static ParsedBody malformed(String path, Rule rule, String message) {
    return new ParsedBody.Malformed(new Rejected(path, rule, message));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "syntax error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static void closeQuietly(JsonParser parser) {
    if (parser != null) {
      try {
        parser.close();
      } catch (IOException ignored) {
        // a string-backed parser holds no resource worth reporting
      }
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

  /**
   * The compact text of the object whose compact UTF-8 JSON is {@code compactObject} with the
   * string field {@code name} appended, without serializing the object again: exactly what
   * {@link #compactText} writes for a copy of that object after {@code put(name, value)} of a
   * {@code name} it did not have. Null when that cannot be guaranteed cheaply: the byte writer
   * escapes characters outside the BMP (as a backslash-u escape per surrogate) where the text writer
   * keeps them, so bytes holding any backslash-u escape, and names or values other than printable
   * ASCII, are left to the caller.
   */
  static String withLastField(byte[] compactObject, String name, String value) {
    if (!plainAscii(name) || !plainAscii(value) || hasUnicodeEscape(compactObject)) {
      return null;
    }
    int end = compactObject.length - 1; // the closing brace
    boolean empty = end == 1;
    byte[] out = new byte[end + (empty ? 0 : 1) + name.length() + value.length() + 6];
    System.arraycopy(compactObject, 0, out, 0, end);
    int pos = end;
    if (!empty) {
      out[pos++] = ',';
    }
    out[pos++] = '"';
    pos = ascii(name, out, pos);
    out[pos++] = '"';
    out[pos++] = ':';
    out[pos++] = '"';
    pos = ascii(value, out, pos);
    out[pos++] = '"';
    out[pos] = '}';
    return new String(out, StandardCharsets.UTF_8);
  }

  private static boolean hasUnicodeEscape(byte[] json) {
    for (int i = 0; i < json.length - 1; i++) {
      if (json[i] == '\\' && json[i + 1] == 'u') {
        return true;
      }
    }
    return false;
  }

  private static int ascii(String s, byte[] out, int at) {
    for (int i = 0; i < s.length(); i++) {
      out[at + i] = (byte) s.charAt(i);
    }
    return at + s.length();
  }

  /** Printable ASCII that JSON strings carry unescaped. */
  private static boolean plainAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /** A fresh, empty JSON object. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }
}
