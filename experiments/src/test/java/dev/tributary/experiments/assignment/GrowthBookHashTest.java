package dev.tributary.experiments.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GrowthBookHashTest {

  @Test
  void shouldMatchTheVectorsOfTheIssue() {
    assertThat(GrowthBookHash.v2("seed", "a")).isEqualTo(0.0505);
    assertThat(GrowthBookHash.v2("seed", "b")).isEqualTo(0.2696);
    assertThat(GrowthBookHash.v2("foo", "ab")).isEqualTo(0.2575);
  }

  static Stream<JsonNode> publishedVectors() {
    return StreamSupport.stream(GrowthBookCases.section("hash").spliterator(), false);
  }

  @ParameterizedTest(name = "hash({0})")
  @MethodSource("publishedVectors")
  void shouldMatchGrowthBooksPublishedHashVectors(JsonNode vector) {
    assertThat(vector.get(2).asInt()).isEqualTo(2);
    assertThat(GrowthBookHash.v2(vector.get(0).asText(), vector.get(1).asText()))
        .isEqualTo(vector.get(3).asDouble());
  }

  @Test
  void shouldComputeFnv1aOverUtf16CodeUnits() {
    // FNV-1a 32 reference values: "" is the offset basis, "a" is 0xe40c292c (the published FNV test suite)
    assertThat(GrowthBookHash.fnv1a32("")).isEqualTo(0x811c9dc5L);
    assertThat(GrowthBookHash.fnv1a32("a")).isEqualTo(0xe40c292cL);
    assertThat(GrowthBookHash.fnv1a32("foobar")).isEqualTo(0xbf9cf968L);
    // a character outside the BMP is two UTF-16 code units, hashed one after the other like JavaScript's charCodeAt
    assertThat(GrowthBookHash.fnv1a32("\uD83D\uDE00")).isEqualTo(GrowthBookHash.fnv1a32("\uD83D" + "\uDE00"))
        .isNotEqualTo(GrowthBookHash.fnv1a32(new String(new char[] {(char) 0xD83D})));
  }

  @Test
  void shouldStayInUnitIntervalWithFourDecimals() {
    for (int i = 0; i < 10_000; i++) {
      double n = GrowthBookHash.v2("s", "user-" + i);
      assertThat(n).isGreaterThanOrEqualTo(0).isLessThan(1);
      assertThat(Math.round(n * 10_000) / 10_000.0).isEqualTo(n);
    }
  }
}
