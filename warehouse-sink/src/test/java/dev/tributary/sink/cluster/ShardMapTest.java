package dev.tributary.sink.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardMapTest {

  @Test
  void shouldSpreadPartitionsOverShardsRoundRobin() {
    ShardMap map = new ShardMap(2);
    assertThat(IntStream.range(0, 6).map(map::shardOf).boxed()).containsExactly(0, 1, 0, 1, 0, 1);
  }

  @Test
  void shouldMapPartitionToTheSameShardForEveryInstance() {
    assertThat(new ShardMap(3).shardOf(7)).isEqualTo(new ShardMap(3).shardOf(7)).isEqualTo(1);
  }

  @Test
  void shouldPutEveryPartitionOnTheOnlyShardOfOneShardCluster() {
    assertThat(IntStream.range(0, 12).map(new ShardMap(1)::shardOf).distinct().boxed()).containsExactly(0);
  }

  @Test
  void shouldRefuseClusterWithoutShardsAndNegativePartition() {
    assertThatThrownBy(() -> new ShardMap(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ShardMap(2).shardOf(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
