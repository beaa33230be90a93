package dev.tributary.e2e.crash;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.e2e.crash.CrashTarget.KillMoment;
import dev.tributary.localstack.component.ClickHouseHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Kills one process of the pipeline with SIGKILL and restarts it, {@link CrashScenario#kills()}
 * times, while load flows: each kill comes after a random pause (seeded), and every other kill
 * (the first, third, …) additionally waits for the delicate moment of its target (records of an
 * unanswered batch just reached Kafka for the ingest service and the broker, rows just landed for
 * the sink, an INSERT in flight for ClickHouse), so kills land both anywhere and where a crash is known to hurt. After each restart it waits until
 * the process serves again.
 *
 * <p>Not thread-safe: one killer per phase, run on one thread.
 */
public final class Killer {

  /** How long a kill waits for its delicate moment before it strikes anyway. */
  private static final Duration MOMENT_TIMEOUT = Duration.ofSeconds(10);

  private final PipelineProcesses pipeline;
  private final Random random;
  private final IntSupplier requestsInFlight;
  private final List<Kill> kills = new ArrayList<>();

  /** What one kill did; {@code atMoment} is false when the moment did not come in time. */
  public record Kill(CrashTarget target, KillMoment moment, boolean atMoment, Instant at, Duration downtime,
      Duration recovery) {}

  public Killer(PipelineProcesses pipeline, Random random, IntSupplier requestsInFlight) {
    this.pipeline = pipeline;
    this.random = random;
    this.requestsInFlight = requestsInFlight;
  }

  /** Runs every kill of {@code scenario}; returns when the last restart serves again. */
  public List<Kill> run(CrashScenario scenario) throws InterruptedException {
    for (int i = 0; i < scenario.kills(); i++) {
      Thread.sleep(between(scenario.minPause(), scenario.maxPause()));
      KillMoment moment = i % 2 == 0 ? scenario.target().moment() : KillMoment.ANY_TIME;
      boolean atMoment = awaitMoment(moment);
      Instant at = Instant.now();
      pipeline.kill(scenario.target());
      Duration downtime = Duration.ofMillis(between(Duration.ZERO, scenario.maxDowntime()));
      Thread.sleep(downtime.toMillis());
      Instant restart = Instant.now();
      pipeline.restart(scenario.target());
      Kill kill = new Kill(scenario.target(), moment, atMoment, at, downtime, Duration.between(restart, Instant.now()));
      kills.add(kill);
      System.out.printf("[crash] killed %s (%s%s), down %d ms, serving again %d ms after restart%n",
          scenario.target().label(), moment, atMoment ? "" : ", moment not seen", downtime.toMillis(),
          kill.recovery().toMillis());
    }
    return List.copyOf(kills);
  }

  private long between(Duration min, Duration max) {
    long span = max.toMillis() - min.toMillis();
    return min.toMillis() + (span <= 0 ? 0 : (long) (random.nextDouble() * span));
  }

  private static long rawEndOffsets(Admin admin) throws InterruptedException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < PipelineProcesses.PARTITIONS; p++) {
      latest.put(new TopicPartition(Datasets.RAW.topic().defaultName(), p), OffsetSpec.latest());
    }
    try {
      return admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).values().stream()
          .mapToLong(ListOffsetsResultInfo::offset).sum();
    } catch (ExecutionException | TimeoutException e) {
      return -1;
    }
  }

  private boolean awaitMoment(KillMoment moment) throws InterruptedException {
    long deadline = System.nanoTime() + MOMENT_TIMEOUT.toNanos();
    switch (moment) {
      case ANY_TIME -> {
        return true;
      }
      case REQUEST_IN_FLIGHT -> {
        while (System.nanoTime() < deadline) {
          if (requestsInFlight.getAsInt() > 0) {
            // somewhere inside the request: parsing, producing, or waiting for the broker's acks
            Thread.sleep(random.nextInt(4));
            return true;
          }
          java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
        return false;
      }
      case RECORDS_UNANSWERED -> {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers()))) {
          long last = -1;
          while (System.nanoTime() < deadline) {
            long end = rawEndOffsets(admin);
            if (last >= 0 && end > last && requestsInFlight.getAsInt() > 0) {
              return true;
            }
            last = end;
          }
        }
        return false;
      }
      case ROWS_JUST_LANDED -> {
        ClickHouseHttp clickhouse = pipeline.clickhouse();
        String last = null;
        while (System.nanoTime() < deadline) {
          try {
            String n = clickhouse.query("SELECT count() FROM " + PipelineProcesses.DATABASE + ".events").strip();
            if (last != null && !n.equals(last)) {
              return true;
            }
            last = n;
          } catch (RuntimeException e) {
            // not there yet: look again
          }
        }
        return false;
      }
      case INSERT_IN_FLIGHT -> {
        ClickHouseHttp clickhouse = pipeline.clickhouse();
        while (System.nanoTime() < deadline) {
          try {
            String n = clickhouse.query("SELECT count() FROM system.processes WHERE query LIKE 'INSERT INTO%'").strip();
            if (!n.equals("0")) {
              return true;
            }
          } catch (RuntimeException e) {
            // ClickHouse busy or restarting: look again
          }
        }
        return false;
      }
      default -> throw new IllegalStateException(moment.toString());
    }
  }
}
