package dev.tributary.experiments.assignment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** GrowthBook's published SDK test vectors (see the {@code _source} field of the resource for provenance). */
final class GrowthBookCases {

  private static final JsonNode CASES = load();

  private GrowthBookCases() {}

  static JsonNode section(String name) {
    return CASES.get(name);
  }

  private static JsonNode load() {
    try (InputStream in = GrowthBookCases.class.getResourceAsStream("/growthbook/cases.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
