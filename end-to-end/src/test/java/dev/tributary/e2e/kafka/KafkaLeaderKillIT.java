package dev.tributary.e2e.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.common.config.PipelineConfig;
import dev.tributary.e2e.crash.CrashTarget;
import dev.tributary.e2e.crash.LoadGenerator;
import dev.tributary.e2e.crash.PipelineProcesses;
import dev.tributary.e2e.crash.PipelineProcesses.Wiring;
import dev.tributary.e2e.crash.Reconciler;
import dev.tributary.ingest.app.IngestApplication;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.localstack.component.ClickHouseHttp;
import dev.tributary.localstack.component.ClickHouseProcess;
import dev.tributary.localstack.component.KafkaCluster;
import dev.tributary.localstack.component.KafkaClusterConfig.Node;
import dev.tributary.localstack.component.KafkaPartitions;
import dev.tributary.localstack.process.Ports;
import dev.tributary.sink.app.SinkApplication;
import dev.tributary.sink.config.SinkSettings;
import dev.tributary.streams.app.StreamsApplication;
import dev.tributary.streams.config.StreamsSettings;
import dev.tributary.testsupport.TestKafkaCluster;
import dev.tributary.testsupport.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * Ingest, streams and sink against a Kafka cluster of three KRaft brokers (replication factor 3,
 * {@code min.insync.replicas=2}, internal topics alike) while a client keeps sending at a steady rate: the
 * broker leading most partitions of the raw and clean topics is killed with SIGKILL, loading goes on with
 * two brokers (an {@code acks=all} write still has its two in-sync replicas), then the broker is started
 * again on its ports and data and catches up. Every acknowledged event must be in the raw {@code events}
 * table exactly once (by event id and by topic/partition/offset, counted on a server that never merges),
 * none of the items ingest rejected, and the minute metrics must equal a recomputation from the events.
 *
 * <p>The services run in this JVM (what is killed is a broker, not a service); the brokers and ClickHouse
 * are processes. Every step waits on a condition (events acknowledged, leadership moved, replicas in sync),
 * never on the clock. {@code -Dkafka.kill.it.long=true} loads longer and faster around the kill.
 */
class KafkaLeaderKillIT {

  private static final boolean LONG = Boolean.getBoolean("kafka.kill.it.long");
  private static final int PARTITIONS = 3;
  private static final String DATABASE = "leader_kill";
  /** Events per second the client sends (every item counted), and acknowledged events between the steps. */
  private static final double RATE = LONG ? 1_500 : 200;
  private static final int STEP_EVENTS = LONG ? 10_000 : 400;
  /** Items of each 100-item batch sent without an identity: ingest rejects them, they must never land. */
  private static final int INVALID_PER_BATCH = 5;
  /** A bound, not a pace: on a 2-core machine shared by several builds a broker restart alone took minutes. */
  private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);

  @Test
  void shouldLandEveryAcknowledgedEventOnceWhenTheLeadingBrokerIsKilledUnderLoad() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    Path dir = Files.createDirectories(Path.of("target", "kafka-leader-kill-it", id).toAbsolutePath());
    TopicNames topics = TopicNames.prefixed(Datasets.ALL, "kill-" + id + ".");
    PipelineProcesses.writeNoMergesConfig(dir.resolve("clickhouse"));
    try (KafkaCluster kafka = TestKafkaCluster.start();
        ClickHouseProcess server = ClickHouseProcess.start(dir.resolve("clickhouse"), dir.resolve("clickhouse.log"),
            Ports.free(), Ports.free())) {
      Wiring wiring = new Wiring(kafka.bootstrapServers(), TestRegistry.url(), server.httpUrl(), DATABASE, topics,
          "kill-" + id, PARTITIONS);
      Deque<AutoCloseable> services = new ArrayDeque<>(); // closed in reverse start order
      try {
        int ingestPort = Ports.free();
        services.push(IngestApplication.start(IngestSettings.load(Map.of(),
            settings(CrashTarget.INGEST, wiring, ingestPort, dir))));
        StreamsApplication streams = StreamsApplication.start(StreamsSettings.load(Map.of(),
            settings(CrashTarget.STREAMS, wiring, ingestPort, dir)));
        services.push(streams);
        streams.awaitRunning(STEP_TIMEOUT);
        SinkApplication sink = SinkApplication.start(SinkSettings.of(settings(CrashTarget.SINK, wiring, ingestPort, dir)));
        services.push(sink);
        run(kafka, topics, new ClickHouseHttp(server.httpUrl()), "http://127.0.0.1:" + ingestPort, sink);
      } finally {
        while (!services.isEmpty()) {
          services.pop().close();
        }
      }
    }
  }

  private static void run(KafkaCluster kafka, TopicNames topics, ClickHouseHttp clickhouse, String ingestUrl,
      SinkApplication sink) throws Exception {
    List<String> underLoad = List.of(topics.of(Datasets.RAW), topics.of(Datasets.CLEAN));
    Reconciler reconciler = new Reconciler(clickhouse, DATABASE);
    try (Admin admin = kafka.admin()) {
      assertReplicatedThreeWithTwoInSync(admin, List.of(topics.of(Datasets.RAW), "__transaction_state",
          "__consumer_offsets"));
      LoadGenerator load = LoadGenerator.start(List.of(ingestUrl), PipelineProcesses.WRITE_KEY, 2, RATE,
          INVALID_PER_BATCH);
      Outage outage;
      long finished;
      try {
        // the whole pipeline flows before the kill: events were loaded into ClickHouse
        await("events in ClickHouse before the kill", load, () -> load.ackedCount() >= STEP_EVENTS
            && rawCount(reconciler) > 0);
        KafkaPartitions before = KafkaPartitions.describe(admin, underLoad);
        Node victim = kafka.node(before.busiestLeader());
        int ackedAtKill = load.ackedCount();
        long killed = System.nanoTime();
        kafka.kill(victim);
        await("leadership of every partition away from broker " + victim.id(), load,
            () -> KafkaPartitions.describeAll(admin).allLedWithout(victim.id()));
        long moved = System.nanoTime();
        await(STEP_EVENTS + " events acknowledged with broker " + victim.id() + " down", load,
            () -> load.ackedCount() >= ackedAtKill + STEP_EVENTS);
        int ackedWhileDown = load.ackedCount() - ackedAtKill;
        kafka.restart(victim);
        await("every replica in sync after broker " + victim.id() + " restarted", load,
            () -> KafkaPartitions.describeAll(admin).fullyInSync());
        load.stopWhenAcked(load.ackedCount() + STEP_EVENTS);
        assertThat(load.awaitFinished(STEP_TIMEOUT)).as("the client finished").isTrue();
        finished = System.nanoTime();
        outage = new Outage(victim.id(), before.leaderCounts().get(victim.id()), before.partitions().size(),
            ackedAtKill, ackedWhileDown, (moved - killed) / 1_000_000);
      } finally {
        load.close();
      }
      assertThat(load.failure()).isEmpty();
      assertThat(load.unacked()).as("every event sent was acknowledged in the end").isEmpty();
      Set<String> acked = load.acked();
      await(acked.size() + " acknowledged events in the raw table (it holds " + rawCount(reconciler) + " at the start)",
          load, () -> rawCount(reconciler) >= acked.size());
      long landedAfterMs = (System.nanoTime() - finished) / 1_000_000;

      assertThat(reconciler.awaitSettled(acked.size(), STEP_TIMEOUT)).as("events_v reached every acked event").isTrue();
      Reconciler.Snapshot snapshot = reconciler.snapshot();
      Reconciler.Outcome outcome = snapshot.outcome(acked);
      String[] raw = clickhouse.query("SELECT count(), uniqExact(event_id), uniqExact(_topic, _partition, _offset)"
          + " FROM " + DATABASE + ".events FORMAT TabSeparated").strip().split("\t");
      Set<String> rejected = load.rejected();
      long rejectedLanded = rejected.stream().filter(snapshot.viewRows()::containsKey).count();
      boolean metricsExact = reconciler.awaitMinuteMetricsEqualRecomputation(Duration.ofSeconds(60));
      printTable(outage, acked.size(), rejected.size(), outcome, raw, rejectedLanded, landedAfterMs, metricsExact);

      assertThat(snapshot.maxMergeLevel()).as("no part of events was merged").isZero();
      assertThat(outcome.lost()).as("acknowledged events missing").isZero();
      assertThat(outcome.duplicated()).as("extra rows of acknowledged events (raw table, by event id)").isZero();
      assertThat(raw).as("raw rows, distinct event ids, distinct topic/partition/offset")
          .containsExactly(Integer.toString(acked.size()), Integer.toString(acked.size()), Integer.toString(acked.size()));
      assertThat(snapshot.unacknowledged(acked)).as("events never acknowledged").isEmpty();
      assertThat(rejected).as("rejected items were sent").isNotEmpty();
      assertThat(rejectedLanded).as("rejected events in the warehouse").isZero();
      assertThat(metricsExact).as("metrics_minute_v equals the recomputation from events_v").isTrue();
      assertThat(sink.failure()).isEmpty();
    }
  }

  /** What happened around the kill, for the result table. */
  private record Outage(int broker, long partitionsLed, int partitions, int ackedAtKill, int ackedWhileDown,
      long leadershipMovedMs) {}

  private static Map<String, String> settings(CrashTarget service, Wiring wiring, int ingestPort, Path dir) {
    Map<String, String> s = new HashMap<>(PipelineProcesses.settings(service, wiring, ingestPort,
        dir.resolve("streams-state")));
    // the services create the catalogue topics replicated like the cluster's internal ones
    s.put(PipelineConfig.TOPIC_REPLICATION_FACTOR, "3");
    return s;
  }

  private static void assertReplicatedThreeWithTwoInSync(Admin admin, List<String> names) throws Exception {
    KafkaPartitions partitions = KafkaPartitions.describe(admin, names);
    assertThat(partitions.partitions()).allSatisfy(p -> assertThat(p.replicas()).as(p.topic()).hasSize(3));
    List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
    Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
    assertThat(configs.values()).allSatisfy(c ->
        assertThat(c.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).isEqualTo("2"));
  }

  private static long rawCount(Reconciler reconciler) {
    try {
      return reconciler.rawCount();
    } catch (RuntimeException e) {
      return 0; // the sink has not created the table yet
    }
  }

  /** Polls {@code condition} until it holds, failing on the client's failure or after {@link #STEP_TIMEOUT}. */
  private static void await(String what, LoadGenerator load, Condition condition) throws Exception {
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    while (!condition.holds()) {
      assertThat(load.failure()).as("client failure while waiting for " + what).isEmpty();
      assertThat(System.nanoTime()).as(what + " within " + STEP_TIMEOUT).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @FunctionalInterface
  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void printTable(Outage o, int acked, int rejected, Reconciler.Outcome outcome, String[] raw,
      long rejectedLanded, long landedAfterMs, boolean metricsExact) {
    System.out.printf(Locale.ROOT, """
        [leader-kill] | acked | landed (events_v) | lost | dup (event id) | raw rows / distinct ids / distinct t-p-o \
        | rejected sent / landed | broker killed (led partitions of raw+clean) | killed at (acked) | leadership moved in \
        | acked while down | all landed after last send | minute metrics |
        [leader-kill] | %d | %d | %d | %d | %s / %s / %s | %d / %d | %d (%d of %d) | %d | %d ms | %d | %d ms | %s |
        """, acked, outcome.landed(), outcome.lost(), outcome.duplicated(), raw[0], raw[1], raw[2], rejected,
        rejectedLanded, o.broker(), o.partitionsLed(), o.partitions(), o.ackedAtKill(), o.leadershipMovedMs(),
        o.ackedWhileDown(), landedAfterMs, metricsExact ? "= recomputation" : "DIFFER");
  }
}
