package dev.tributary.bench.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.bench.projection.HardwareProjection.Assumptions;
import dev.tributary.bench.projection.HardwareProjection.Costs;
import dev.tributary.bench.projection.HardwareProjection.Projection;
import dev.tributary.bench.projection.HardwareProjection.Service;
import java.util.List;
import org.junit.jupiter.api.Test;

class HardwareProjectionTest {

  // ingest 20 µs, streams 120 µs, sink 10 µs, broker 30 µs, ClickHouse 5 µs per row, 2,000 B per event
  private static final Costs COSTS = new Costs(20, 120, 10, 30, 5, 2_000);
  // 8-core instances at 50 %, headroom 2, multiple of 12, at least 2; RF 3, 8-core brokers writing 100 MB/s;
  // 16-core shards, half for inserts
  private static final Assumptions ASSUME = new Assumptions(8, 0.5, 2.0, 12, 2, 3, 8, 100e6, 16, 0.5);

  @Test
  void shouldSizeEachServiceFromItsCpuPerEventAndThePlannedUtilisation() {
    Projection p = HardwareProjection.project(COSTS, ASSUME, 1_000_000);

    // streams: 1e6/s x 120 µs = 120 cores busy, at 50 % = 240 cores = 30 instances of 8
    assertThat(p.service(Service.STREAMS).cores()).isCloseTo(240, within(1e-6));
    assertThat(p.service(Service.STREAMS).instances()).isEqualTo(30);
    // ingest: 20 cores busy -> 40 cores -> 5 instances
    assertThat(p.service(Service.INGEST).instances()).isEqualTo(5);
    // sink: 10 cores busy -> 20 cores -> 2.5 -> 3 instances
    assertThat(p.service(Service.SINK).instances()).isEqualTo(3);
  }

  @Test
  void shouldKeepAtLeastTheMinimumInstancesWhenOneCoreWouldDo() {
    Projection p = HardwareProjection.project(COSTS, ASSUME, 1_000);

    assertThat(p.services()).allSatisfy(s -> assertThat(s.instances()).isEqualTo(2));
  }

  @Test
  void shouldGiveEveryConsumingThreadPartitionsWithHeadroomRoundedUpToTheMultiple() {
    // streams is the largest consumer: 30 instances x 8 threads x 2 = 480, a multiple of 12
    assertThat(HardwareProjection.project(COSTS, ASSUME, 1_000_000).partitions()).isEqualTo(480);
    // 100k/s: streams 24 cores -> 3 instances -> 24 threads -> 48 partitions; ingest never counts (it owns none)
    Costs ingestHeavy = new Costs(1_000, 120, 10, 30, 5, 2_000);
    assertThat(HardwareProjection.project(ingestHeavy, ASSUME, 100_000).partitions()).isEqualTo(48);
    // at a trickle: 2 instances x 8 threads x 2 = 32 -> 36
    assertThat(HardwareProjection.project(COSTS, ASSUME, 1_000).partitions()).isEqualTo(36);
  }

  @Test
  void shouldTakeBrokersFromTheLargerOfCpuAndDiskAndNeverFewerThanTheReplicationFactor() {
    Projection p = HardwareProjection.project(COSTS, ASSUME, 1_000_000);

    // CPU: 30 cores x RF 3 / 50 % = 180 cores = 22.5 -> 23 brokers of 8
    assertThat(p.brokers().cores()).isCloseTo(180, within(1e-6));
    assertThat(p.brokers().byCpu()).isEqualTo(23);
    // disk: 1e6 x 2,000 B x 3 = 6 GB/s at 100 MB/s = 60 brokers
    assertThat(p.brokers().writeBytesPerSecond()).isCloseTo(6e9, within(1.0));
    assertThat(p.brokers().byDisk()).isEqualTo(60);
    assertThat(p.brokers().count()).isEqualTo(60);
    assertThat(HardwareProjection.project(COSTS, ASSUME, 1_000).brokers().count()).isEqualTo(3);
  }

  @Test
  void shouldAddShardsWhenTheInsertCpuExceedsTheShareLeftAfterQueries() {
    // 1e6 x 5 µs = 5 insert cores; a shard gives 16 x 50 % = 8 -> 1 shard
    assertThat(HardwareProjection.project(COSTS, ASSUME, 1_000_000).shards().count()).isEqualTo(1);
    // 10M/s: 50 cores / 8 = 6.25 -> 7 shards
    Projection big = HardwareProjection.project(COSTS, ASSUME, 10_000_000);
    assertThat(big.shards().insertCores()).isCloseTo(50, within(1e-6));
    assertThat(big.shards().count()).isEqualTo(7);
  }

  @Test
  void shouldNotRoundAnExactFitUpBecauseOfFloatingPoint() {
    // 0.1 µs x 3 x 1e6 ... sums that are whole numbers in decimal but not in binary
    Costs c = new Costs(0, 2.4, 0, 0, 0, 0);
    Assumptions a = new Assumptions(3, 0.1, 1, 1, 1, 1, 1, 1, 1, 1);
    // 1e6 x 2.4 µs / 0.1 = 24 cores = exactly 8 instances of 3
    assertThat(HardwareProjection.project(c, a, 1_000_000).service(Service.STREAMS).instances()).isEqualTo(8);
  }

  @Test
  void shouldRenderEveryInputAndOneRowPerRate() {
    String text = HardwareProjection.render(COSTS, ASSUME, HardwareProjection.RATES);

    assertThat(text).contains("streams CPU per event", "120.0 µs", "replication factor", "100 MB/s", "50 %");
    assertThat(text).contains("100,000", "1,000,000", "10,000,000");
    assertThat(text).contains("240 cores: 30 x 8");
  }

  @Test
  void shouldRefuseCostsThatWereNotMeasured() {
    assertThatThrownBy(() -> new Costs(Double.NaN, 1, 1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-negative");
    assertThatThrownBy(() -> new Costs(1, -1, 1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HardwareProjection.project(COSTS, ASSUME, 0)).hasMessageContaining("positive");
    assertThatThrownBy(() -> new Assumptions(8, 1.5, 2, 12, 2, 3, 8, 1, 16, 0.5)).hasMessageContaining("(0, 1]");
    assertThat(List.of(HardwareProjection.Service.values())).hasSize(3);
  }
}
