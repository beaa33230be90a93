package dev.tributary.bench.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.streams.topology.DedupeRetention;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestoreModelTest {

  @Test
  void shouldFitTheLineThroughPointsOnIt() {
    RestoreModel.Line line = RestoreModel.Line.fit(new double[] {0, 100_000, 1_000_000},
        new double[] {12, 12.5, 17});
    assertThat(line.intercept()).isCloseTo(12, within(1e-9));
    assertThat(line.slope()).isCloseTo(5e-6, within(1e-15));
    assertThat(line.at(3_000_000)).isCloseTo(27, within(1e-9));
  }

  @Test
  void shouldFitTheLeastSquaresLineThroughScatteredPoints() {
    // y = 1 + 2x with residuals +1, -1, -1, +1: the symmetric noise leaves the line unchanged
    RestoreModel.Line line = RestoreModel.Line.fit(new double[] {0, 1, 2, 3}, new double[] {2, 2, 4, 8});
    assertThat(line.slope()).isCloseTo(2.0, within(1e-12));
    assertThat(line.intercept()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void shouldRefuseToFitWithoutTwoDifferentX() {
    assertThatThrownBy(() -> RestoreModel.Line.fit(new double[] {5}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RestoreModel.Line.fit(new double[] {5, 5}, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two different x");
  }

  @Test
  void shouldProjectTheChangelogOfADayWindowAtFiftyThousandEventsPerSecond() {
    RestoreModel.Scenario day = new RestoreModel.Scenario("day", 50_000,
        new DedupeRetention(Duration.ofDays(1), Duration.ofHours(6)));
    RestoreModel.Projection p = RestoreModel.project(day, 100, 4e-6, 5e-6, Duration.ofMinutes(5));
    double ids = 50_000.0 * 31 * 3_600; // window 24 h + extra 6 h + one 1 h log segment
    assertThat(p.windowIds()).isEqualTo(50_000.0 * 86_400);
    assertThat(p.changelogIds()).isEqualTo(ids);
    assertThat(p.changelogBytes()).isEqualTo(ids * 100);
    assertThat(p.cpuSeconds()).isCloseTo(ids * 4e-6, within(1e-6));
    assertThat(p.wallSeconds()).isCloseTo(27_900, within(1e-6));
    assertThat(p.partitionsForTarget()).isEqualTo(93); // 27,900 s / 300 s
  }

  @Test
  void shouldNeedOnePartitionWhenTheWholeRestoreFitsTheTarget() {
    RestoreModel.Scenario tiny = new RestoreModel.Scenario("tiny", 1,
        new DedupeRetention(Duration.ofMinutes(1), Duration.ZERO));
    assertThat(RestoreModel.project(tiny, 100, 1e-6, 1e-6, Duration.ofMinutes(5)).partitionsForTarget()).isEqualTo(1);
  }

  @Test
  void shouldProjectTheIssueRatesWithTheDefaultAndTheFormerWindow() {
    assertThat(RestoreModel.issueScenarios(Duration.ofHours(6)))
        .extracting(RestoreModel.Scenario::eventsPerSecond)
        .containsExactly(50_000.0, 50_000.0, 1_000_000.0, 1_000_000.0);
    assertThat(RestoreModel.issueScenarios(Duration.ofHours(6)).get(1).retention().window())
        .isEqualTo(Duration.ofDays(7));
  }
}
