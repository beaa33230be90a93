package dev.tributary.localstack.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.localstack.component.KafkaPartitions.Partition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaPartitionsTest {

  private static Partition led(String topic, int partition, int leader, List<Integer> inSync) {
    return new Partition(topic, partition, leader, List.of(1, 2, 3), inSync);
  }

  @Test
  void shouldCountLeadersAndPickTheBusiestLowestIdOnATie() {
    KafkaPartitions p = new KafkaPartitions(List.of(led("raw", 0, 2, List.of(1, 2, 3)), led("raw", 1, 3, List.of(1, 2, 3)),
        led("clean", 0, 3, List.of(1, 2, 3)), led("clean", 1, 2, List.of(1, 2, 3)),
        led("clean", 2, KafkaPartitions.NO_LEADER, List.of())));

    assertThat(p.leaderCounts()).isEqualTo(Map.of(2, 2L, 3, 2L));
    assertThat(p.busiestLeader()).isEqualTo(2);
  }

  @Test
  void shouldSeeLeadershipMovedOnlyWhenEveryPartitionHasAnotherLeader() {
    KafkaPartitions moved = new KafkaPartitions(List.of(led("raw", 0, 2, List.of(2, 3)), led("raw", 1, 3, List.of(2, 3))));
    KafkaPartitions offline = new KafkaPartitions(List.of(led("raw", 0, 2, List.of(2, 3)),
        led("raw", 1, KafkaPartitions.NO_LEADER, List.of())));
    KafkaPartitions stillLed = new KafkaPartitions(List.of(led("raw", 0, 1, List.of(1, 2, 3))));

    assertThat(moved.allLedWithout(1)).isTrue();
    assertThat(offline.allLedWithout(1)).isFalse();
    assertThat(stillLed.allLedWithout(1)).isFalse();
  }

  @Test
  void shouldBeFullyInSyncOnlyWhenEveryReplicaIsInTheIsr() {
    assertThat(new KafkaPartitions(List.of(led("raw", 0, 2, List.of(3, 2, 1)))).fullyInSync()).isTrue();
    assertThat(new KafkaPartitions(List.of(led("raw", 0, 2, List.of(2, 3)))).fullyInSync()).isFalse();
  }
}
