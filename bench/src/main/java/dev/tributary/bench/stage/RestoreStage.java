package dev.tributary.bench.stage;

import dev.tributary.bench.report.MetricsText;
import dev.tributary.bench.stack.BenchStack;
import dev.tributary.localstack.component.Dirs;
import dev.tributary.localstack.process.Http;
import dev.tributary.localstack.service.RunningService;
import dev.tributary.streams.topology.PipelineTopology;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.common.Node;

/**
 * {@code bin/bench --restore}: what a restart of transform-streams costs against the size of its
 * stores. Per size N it runs N events of the mix through the real service (its own topics, three
 * partitions, default settings), stops it (SIGTERM: commit and checkpoint), measures the changelogs
 * (records read_committed, bytes on the broker), then starts it twice and times each start to
 * {@code /readyz} (state {@code RUNNING}) with the process's CPU time: (a) a clean restart on its local
 * state and checkpoints, which is then SIGKILLed; (c) the restart after that crash (under exactly-once
 * Kafka Streams keeps no checkpoint of a task that was not closed cleanly, so it wipes and restores
 * it); (b) after deleting the local state, like a new machine: every store restored from its changelog. The service's own {@code tributary_streams_restore_records_total} says how many
 * records each start replayed. Not thread-safe; one run at a time.
 */
public final class RestoreStage {

  /** The metric the service counts restored changelog records in (see StreamsApplication#bindMetrics). */
  static final String RESTORED_METRIC = "tributary_streams_restore_records_total";
  private static final String DEDUPE_CHANGELOG_SUFFIX = "-" + PipelineTopology.DEDUPE_STORE + "-changelog";
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(20);

  /**
   * One start of the service on existing state.
   *
   * @param seconds from launching the JVM to {@code /readyz} answering 200
   * @param cpuSeconds the process's user + system CPU time at that moment
   * @param restoredRecords changelog records it replayed (its own counter)
   */
  public record Restart(double seconds, double cpuSeconds, long restoredRecords) {}

  /**
   * One size.
   *
   * @param dedupeIds records in the dedupe store's changelog: one per emitted event id
   * @param changelogRecords records in every changelog of the application (all stores)
   * @param recordsByChangelog the same per changelog topic (without the application id prefix)
   * @param fillCpuMicrosPerEvent CPU per event of processing the N events (for comparison)
   */
  public record Size(long events, long dedupeIds, long dedupeChangelogBytes, long changelogRecords,
      long changelogBytes, Map<String, Long> recordsByChangelog, double fillCpuMicrosPerEvent, Restart clean,
      Restart crashed, Restart lost) {

    public Size {
      recordsByChangelog = Map.copyOf(recordsByChangelog);
    }
  }

  private RestoreStage() {}

  /** Starts a stack under {@code stateDir} and measures every size on it, smallest first. */
  public static List<Size> run(List<Integer> sizes, Path stateDir, PrintStream out) {
    try (BenchStack stack = BenchStack.start(stateDir, out)) {
      List<Size> results = new ArrayList<>();
      for (int n : sizes) {
        results.add(size(stack, n, out));
      }
      return List.copyOf(results);
    }
  }

  private static Size size(BenchStack stack, int n, PrintStream out) {
    String slug = "restore-" + n;
    Services.Topics topics = Services.Topics.prefixed("bench." + slug);
    stack.createTopics(3, topics.all());
    out.println("bench: [restore " + n + "] pre-filling " + topics.raw() + " ...");
    Fill.raw(stack.bootstrapServers(), stack.registryUrl(), topics.raw(), n, n);
    long events;
    try (Admin admin = KafkaOps.admin(stack.bootstrapServers())) {
      // the fill does not check its sends: on a loaded machine a few may time out, so wait for what is there
      events = KafkaOps.endOffsetSum(admin, topics.raw());
    }
    String appId = "bench-" + slug;
    out.println("bench: [restore " + n + "] running the events through transform-streams ...");
    RunningService fill = Services.startStreamsService(stack, slug + "-fill", appId, topics, false, Map.of());
    StreamsStage.ProcessCpu cpu = new StreamsStage.ProcessCpu(fill.process().pid());
    Poll.Climb climb;
    try (Admin admin = KafkaOps.admin(stack.bootstrapServers())) {
      climb = Poll.climb(() -> {
        if (!fill.process().isAlive()) {
          throw new IllegalStateException("transform-streams exited; see " + fill.process().logFile());
        }
        return cpu.observe(KafkaOps.committedSum(admin, appId, topics.raw()));
      }, events, Duration.ofMillis(500), Duration.ofMinutes(30));
    } finally {
      stack.stop(fill.process());
    }
    if (!climb.reached()) {
      throw new IllegalStateException("transform-streams did not process " + events + " events within 30 minutes");
    }
    Map<String, Long> records = new TreeMap<>();
    Map<String, Long> bytes;
    try (Admin admin = KafkaOps.admin(stack.bootstrapServers())) {
      Set<String> changelogs = KafkaOps.get(admin.listTopics().names()).stream()
          .filter(t -> t.startsWith(appId + "-") && t.endsWith("-changelog")).collect(Collectors.toSet());
      for (String topic : changelogs) {
        records.put(topic.substring(appId.length() + 1), KafkaOps.countCommitted(stack.bootstrapServers(), topic));
      }
      bytes = topicBytes(admin, changelogs);
    }
    String dedupe = PipelineTopology.DEDUPE_STORE + "-changelog";
    out.println("bench: [restore " + n + "] changelog records " + records + "; restarting on local state ...");
    Restart clean = restart(stack, slug + "-clean", appId, topics, true);
    out.println("bench: [restore " + n + "] clean restart " + clean + ", then SIGKILLed; restarting ...");
    Restart crashed = restart(stack, slug + "-crashed", appId, topics, false);
    out.println("bench: [restore " + n + "] restart after the crash " + crashed + "; deleting the local state and"
        + " restarting ...");
    Dirs.deleteRecursively(Services.streamsStateDir(stack, appId));
    Restart lost = restart(stack, slug + "-lost", appId, topics, false);
    out.println("bench: [restore " + n + "] restart without local state " + lost);
    return new Size(events, records.getOrDefault(dedupe, 0L), bytes.getOrDefault(appId + DEDUPE_CHANGELOG_SUFFIX, 0L),
        records.values().stream().mapToLong(Long::longValue).sum(),
        bytes.values().stream().mapToLong(Long::longValue).sum(), records, cpu.microsPerUnit(), clean, crashed, lost);
  }

  /** Starts the service, times it to RUNNING, then stops it: SIGKILL when {@code crash}, else SIGTERM. */
  private static Restart restart(BenchStack stack, String name, String appId, Services.Topics topics, boolean crash) {
    long start = System.nanoTime();
    RunningService s = Services.startStreamsService(stack, name, appId, topics, false, Map.of());
    boolean measured = false;
    try {
      s.awaitReady(READY_TIMEOUT);
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = ProcessHandle.of(s.process().pid()).flatMap(h -> h.info().totalCpuDuration())
          .map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
      String scrape = Http.get(s.baseUrl() + "/metrics", Duration.ofSeconds(10)).body();
      long restored = (long) MetricsText.value(scrape, RESTORED_METRIC).orElseThrow(() ->
          new IllegalStateException(name + ": no " + RESTORED_METRIC + " on /metrics"));
      measured = true;
      return new Restart(seconds, cpuSeconds, restored);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(name + ": could not read /metrics: " + e, e);
    } finally {
      if (crash && measured) {
        s.process().kill();
      }
      stack.stop(s.process());
    }
  }

  /** Bytes on the broker's log dirs of each of {@code topics} (sum over partitions and replicas). */
  private static Map<String, Long> topicBytes(Admin admin, Set<String> topics) {
    List<Integer> brokers = KafkaOps.get(admin.describeCluster().nodes()).stream().map(Node::id).toList();
    Map<String, Long> bytes = new TreeMap<>();
    for (Map<String, LogDirDescription> dirs : KafkaOps.get(admin.describeLogDirs(brokers).allDescriptions()).values()) {
      for (LogDirDescription dir : dirs.values()) {
        dir.replicaInfos().forEach((tp, info) -> {
          if (topics.contains(tp.topic())) {
            bytes.merge(tp.topic(), info.size(), Long::sum);
          }
        });
      }
    }
    return bytes;
  }
}
