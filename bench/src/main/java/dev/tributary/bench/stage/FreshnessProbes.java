package dev.tributary.bench.stage;

import dev.tributary.bench.gen.EventMix;
import dev.tributary.bench.load.HttpLoad;
import dev.tributary.bench.report.LatencySummary;
import dev.tributary.localstack.component.ClickHouseHttp;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Freshness = time from the HTTP 2xx answer of a batch (the client's ack) until the batch's probe
 * event is queryable in ClickHouse. The load generator starts every n-th batch with a probe event
 * ({@code event = 'bench_probe'}, id {@code <prefix><slot>}) and reports its ack time here; a poller
 * thread queries the warehouse every {@link #INTERVAL} for probe ids of this phase and notes when
 * each first appears (the time the query was sent). So a result over-states freshness by at most one
 * interval plus the query's own time (a few ms).
 *
 * <p>Thread-safe: acks and sightings are concurrent maps; one poller thread.
 */
final class FreshnessProbes implements HttpLoad.ProbeListener, AutoCloseable {

  static final Duration INTERVAL = Duration.ofMillis(50);

  private final ClickHouseHttp ch;
  private final String table;
  private final String prefix;
  private final long sinceMs;
  private final Map<String, Long> acked = new ConcurrentHashMap<>();
  private final Map<String, Long> seen = new ConcurrentHashMap<>();
  private final Thread poller;
  private volatile boolean running = true;
  private volatile String lastError = "";

  FreshnessProbes(ClickHouseHttp ch, String table, String prefix) {
    this.ch = ch;
    this.table = table;
    this.prefix = prefix;
    this.sinceMs = System.currentTimeMillis() - 60_000;
    this.poller = new Thread(this::poll, "bench-freshness-" + prefix);
    poller.setDaemon(true);
    poller.start();
  }

  @Override
  public void acked(String eventId, long ackNanos) {
    acked.put(eventId, ackNanos);
  }

  private void poll() {
    String sql = "SELECT event_id FROM " + table + " WHERE event = '" + EventMix.PROBE_EVENT + "' AND received_at_ms >= "
        + sinceMs + " AND startsWith(event_id, '" + prefix + "') FORMAT TabSeparated";
    while (running) {
      long sent = System.nanoTime();
      try {
        for (String id : ch.query(sql).split("\n")) {
          if (!id.isEmpty()) {
            seen.putIfAbsent(id, sent);
          }
        }
      } catch (RuntimeException e) {
        lastError = e.toString();
      }
      long rest = INTERVAL.toNanos() - (System.nanoTime() - sent);
      if (rest > 0) {
        try {
          Thread.sleep(rest / 1_000_000, (int) (rest % 1_000_000));
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** Waits until every acked probe was seen (or {@code timeout}), then summarises freshness. */
  Outcome await(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && !seen.keySet().containsAll(acked.keySet())) {
      Poll.sleep(INTERVAL);
    }
    double[] ms = new double[acked.size()];
    int n = 0;
    for (Map.Entry<String, Long> e : acked.entrySet()) {
      Long at = seen.get(e.getKey());
      if (at != null) {
        ms[n++] = Math.max(0, at - e.getValue()) / 1e6;
      }
    }
    return new Outcome(acked.size(), n, LatencySummary.of(ms, n), lastError);
  }

  /** Probes acked, probes seen in ClickHouse, and the freshness of the seen ones. */
  record Outcome(int acked, int seen, LatencySummary freshness, String lastError) {}

  @Override
  public void close() {
    running = false;
    poller.interrupt();
  }
}
