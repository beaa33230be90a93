package dev.tributary.localstack.component;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ZooKeeperProcessTest {

  @Test
  void shouldCountAServerThatNamesItsModeAsServing() {
    assertThat(ZooKeeperProcess.serving("""
        Zookeeper version: 3.9.5-1, built on 2025-10-01 10:00 UTC
        Latency min/avg/max: 0/0.0/0
        Received: 3
        Sent: 2
        Connections: 1
        Outstanding: 0
        Zxid: 0x2a
        Mode: standalone
        Node count: 42""")).isTrue();
  }

  @Test
  void shouldNotCountAServerThatStillLoadsItsDatabaseAsServing() {
    assertThat(ZooKeeperProcess.serving("This ZooKeeper instance is not currently serving requests")).isFalse();
  }

  @Test
  void shouldNotCountAnEmptyAnswerAsServing() {
    assertThat(ZooKeeperProcess.serving("")).isFalse();
  }
}
