package dev.tributary.bench.load;

import dev.tributary.bench.gen.EventMix;
import dev.tributary.bench.gen.GeneratedEvent;
import dev.tributary.bench.report.LatencySummary;
import dev.tributary.bench.report.Samples;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The load generator: {@code connections} threads, each with its own keep-alive HTTP/1.1
 * connection ({@link HttpClient} per thread), POSTing {@code /v1/batch} bodies of freshly generated
 * {@link EventMix} events (unique ids, so the transform's dedupe keeps them all). Unpaced it sends
 * back to back (the server's speed sets the rate); paced it sends batch slots on a fixed schedule
 * (a late thread catches up without skipping, so the offered rate holds). Only requests that
 * complete inside the measurement window count toward the rate and latency; all 2xx-accepted
 * events count toward {@link Result#totalAccepted()}, which later stages reconcile against.
 *
 * <p>Thread-safe: counters are atomic, each thread owns its samples; {@link #stop()} joins the threads
 * before reading them.
 */
public final class HttpLoad {

  /**
   * @param eventsPerSecond offered rate when paced, 0 for as fast as answered
   * @param probeEvery every n-th batch starts with a freshness probe ({@code <probePrefix><slot>}); 0 for none
   */
  public record Config(URI batchUrl, String writeKey, int connections, int batchSize, double eventsPerSecond,
      int probeEvery, String probePrefix, long seed) {}

  /** Called on the sending thread when a probe's batch was answered 2xx. */
  @FunctionalInterface
  public interface ProbeListener {
    void acked(String eventId, long ackNanos);
  }

  /**
   * @param windowAccepted events answered 2xx by requests that completed inside the window
   * @param totalAccepted events answered 2xx over the whole run (warm-up and tail included)
   * @param latency request latency (send to answer) inside the window
   */
  public record Result(long windowRequests, long windowAccepted, double windowSeconds, LatencySummary latency,
      long totalAccepted, long failedRequests, String lastError) {

    public double acceptedPerSecond() {
      return windowAccepted / windowSeconds;
    }
  }

  private final Config config;
  private final long startNanos;
  private final long windowStart;
  private final long windowEnd;
  private final ProbeListener probes;
  private final List<Thread> threads = new ArrayList<>();
  private final List<Samples> samples = new ArrayList<>();
  private final AtomicLong slots = new AtomicLong();
  private final AtomicLong windowRequests = new AtomicLong();
  private final AtomicLong windowAccepted = new AtomicLong();
  private final AtomicLong totalAccepted = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<String> lastError = new AtomicReference<>("");
  private volatile boolean running = true;

  private HttpLoad(Config config, Duration warmup, Duration window, ProbeListener probes) {
    this.config = config;
    this.probes = probes;
    this.startNanos = System.nanoTime();
    this.windowStart = startNanos + warmup.toNanos();
    this.windowEnd = windowStart + window.toNanos();
  }

  /** Starts sending now; the window opens after {@code warmup} and lasts {@code window}. */
  public static HttpLoad start(Config config, Duration warmup, Duration window, ProbeListener probes) {
    HttpLoad load = new HttpLoad(config, warmup, window, probes);
    for (int i = 0; i < config.connections(); i++) {
      Samples s = new Samples();
      load.samples.add(s);
      long seed = config.seed() * 31 + i;
      Thread t = new Thread(() -> load.send(new EventMix(seed), s), "bench-load-" + i);
      t.setDaemon(true);
      load.threads.add(t);
      t.start();
    }
    return load;
  }

  /** Nanotime at which the measurement window ends. */
  public long windowEndNanos() {
    return windowEnd;
  }

  public long windowStartNanos() {
    return windowStart;
  }

  public long totalAccepted() {
    return totalAccepted.get();
  }

  private void send(EventMix mix, Samples own) {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    double slotNanos = config.eventsPerSecond() > 0 ? 1e9 * config.batchSize() / config.eventsPerSecond() : 0;
    List<GeneratedEvent> batch = new ArrayList<>(config.batchSize());
    while (running) {
      long slot = slots.getAndIncrement();
      if (slotNanos > 0) {
        long due = startNanos + (long) (slot * slotNanos);
        long wait;
        while (running && (wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(Math.min(wait, 50_000_000L));
        }
        if (!running) {
          return;
        }
      }
      long now = System.currentTimeMillis();
      batch.clear();
      String probeId = config.probeEvery() > 0 && slot % config.probeEvery() == 0 ? config.probePrefix() + slot : null;
      if (probeId != null) {
        batch.add(mix.probe(probeId, now));
      }
      while (batch.size() < config.batchSize()) {
        batch.add(mix.next(now));
      }
      HttpRequest request = HttpRequest.newBuilder(config.batchUrl())
          .timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json")
          .header("Authorization", "Bearer " + config.writeKey())
          .POST(HttpRequest.BodyPublishers.ofString(EventMix.batchBody(batch), StandardCharsets.UTF_8))
          .build();
      long sent = System.nanoTime();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        long done = System.nanoTime();
        if (response.statusCode() / 100 == 2) {
          long accepted = acceptedCount(response.body(), batch.size());
          totalAccepted.addAndGet(accepted);
          if (probeId != null && probes != null) {
            probes.acked(probeId, done);
          }
          if (sent >= windowStart && done <= windowEnd) {
            windowRequests.incrementAndGet();
            windowAccepted.addAndGet(accepted);
            own.add((done - sent) / 1e6);
          }
        } else {
          failed.incrementAndGet();
          String body = response.body();
          lastError.set("HTTP " + response.statusCode() + " " + body.substring(0, Math.min(200, body.length())));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        failed.incrementAndGet();
        lastError.set(e.toString());
      }
    }
  }

  /** The {@code accepted} count of a batch answer; {@code fallback} when the answer has none. */
  static long acceptedCount(String body, long fallback) {
    int at = body.indexOf("\"accepted\":");
    if (at < 0) {
      return fallback;
    }
    int i = at + "\"accepted\":".length();
    long n = 0;
    boolean digits = false;
    while (i < body.length() && Character.isDigit(body.charAt(i))) {
      n = n * 10 + (body.charAt(i++) - '0');
      digits = true;
    }
    return digits ? n : fallback;
  }

  /** Stops sending, waits for in-flight requests to be answered, and returns the counts. */
  public Result stop() {
    running = false;
    for (Thread t : threads) {
      try {
        t.join(Duration.ofSeconds(40).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    double seconds = Math.min(System.nanoTime(), windowEnd) - windowStart;
    return new Result(windowRequests.get(), windowAccepted.get(), Math.max(1, seconds) / 1e9,
        Samples.summarise(samples), totalAccepted.get(), failed.get(), lastError.get());
  }
}
