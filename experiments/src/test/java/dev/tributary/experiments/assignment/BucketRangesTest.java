package dev.tributary.experiments.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BucketRangesTest {

  @Test
  void shouldGiveTheIssuesRangesForThreeVariantsAtTwentyPercent() {
    List<BucketRange> ranges = BucketRanges.of(3, 0.2, List.of(0.2, 0.3, 0.5));
    assertRanges(ranges, new double[][] {{0, 0.04}, {0.2, 0.26}, {0.5, 0.6}});
  }

  static Stream<JsonNode> bucketRangeVectors() {
    return StreamSupport.stream(GrowthBookCases.section("getBucketRange").spliterator(), false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bucketRangeVectors")
  void shouldMatchGrowthBooksPublishedBucketRanges(JsonNode vector) {
    JsonNode args = vector.get(1);
    List<Double> weights = null;
    if (!args.get(2).isNull()) {
      weights = new ArrayList<>();
      for (JsonNode w : args.get(2)) {
        weights.add(w.asDouble());
      }
    }
    List<BucketRange> ranges = BucketRanges.of(args.get(0).asInt(), args.get(1).asDouble(), weights);
    JsonNode expected = vector.get(2);
    double[][] want = new double[expected.size()][];
    for (int i = 0; i < expected.size(); i++) {
      want[i] = new double[] {expected.get(i).get(0).asDouble(), expected.get(i).get(1).asDouble()};
    }
    assertRanges(ranges, want);
  }

  static Stream<JsonNode> chooseVariationVectors() {
    return StreamSupport.stream(GrowthBookCases.section("chooseVariation").spliterator(), false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chooseVariationVectors")
  void shouldMatchGrowthBooksPublishedVariationChoices(JsonNode vector) {
    List<BucketRange> ranges = new ArrayList<>();
    for (JsonNode r : vector.get(2)) {
      ranges.add(new BucketRange(r.get(0).asDouble(), r.get(1).asDouble()));
    }
    assertThat(BucketRanges.choose(vector.get(1).asDouble(), ranges)).isEqualTo(vector.get(3).asInt());
  }

  @Test
  void shouldOnlyExtendRangesWhenCoverageRises() {
    List<Double> weights = List.of(0.2, 0.3, 0.5);
    List<BucketRange> narrow = BucketRanges.of(3, 0.05, weights);
    List<BucketRange> wide = BucketRanges.of(3, 0.2, weights);
    for (int i = 0; i < 3; i++) {
      assertThat(wide.get(i).start()).isEqualTo(narrow.get(i).start());
      assertThat(wide.get(i).end()).isGreaterThan(narrow.get(i).end());
    }
  }

  private static void assertRanges(List<BucketRange> ranges, double[][] want) {
    assertThat(ranges).hasSize(want.length);
    for (int i = 0; i < want.length; i++) {
      assertThat(ranges.get(i).start()).as("start of range %d", i).isCloseTo(want[i][0], within(1e-12));
      assertThat(ranges.get(i).end()).as("end of range %d", i).isCloseTo(want[i][1], within(1e-12));
    }
  }
}
