package dev.tributary.localstack.demo;

import dev.tributary.localstack.process.Http;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends {@link DemoEvents} batches to the ingest service's {@code POST /v1/batch} at a steady rate
 * (batches of 50) with the demo write key, and counts what was answered. Bounded: one request at a
 * time on one thread, so a slow server lowers the rate rather than piling up requests.
 *
 * <p>Thread-safe: counters are atomic; {@link #close()} stops the sender.
 */
public final class DemoTraffic implements AutoCloseable {

  public static final int BATCH_SIZE = 50;

  private final String batchUrl;
  private final String writeKey;
  private final DemoEvents events;
  private final DaemonTicker ticker;
  private final AtomicLong eventsSent = new AtomicLong();
  private final AtomicLong eventsAnswered2xx = new AtomicLong();
  private final AtomicLong requestsFailed = new AtomicLong();
  private final AtomicReference<String> lastError = new AtomicReference<>("");

  private DemoTraffic(String ingestUrl, String writeKey, int eventsPerSecond) {
    this.batchUrl = ingestUrl + "/v1/batch";
    this.writeKey = writeKey;
    this.events = new DemoEvents(System.nanoTime(), Clock.systemUTC(), 5_000);
    long periodMicros = Math.max(1_000, 1_000_000L * BATCH_SIZE / eventsPerSecond);
    this.ticker = new DaemonTicker("demo-traffic", this::sendOne, periodMicros, TimeUnit.MICROSECONDS);
  }

  /** Starts sending about {@code eventsPerSecond} to {@code ingestUrl} (e.g. {@code http://localhost:8080}). */
  public static DemoTraffic start(String ingestUrl, String writeKey, int eventsPerSecond) {
    return new DemoTraffic(ingestUrl, writeKey, eventsPerSecond);
  }

  private void sendOne() {
    String body = events.batchJson(BATCH_SIZE);
    HttpRequest request = HttpRequest.newBuilder(URI.create(batchUrl))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + writeKey)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
    eventsSent.addAndGet(BATCH_SIZE);
    try {
      HttpResponse<String> response = Http.client().send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 == 2) {
        eventsAnswered2xx.addAndGet(BATCH_SIZE);
      } else {
        requestsFailed.incrementAndGet();
        String text = response.body();
        lastError.set("HTTP " + response.statusCode() + " " + text.substring(0, Math.min(200, text.length())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      requestsFailed.incrementAndGet();
      lastError.set(e.toString());
    }
  }

  public long eventsSent() {
    return eventsSent.get();
  }

  public long eventsAnswered2xx() {
    return eventsAnswered2xx.get();
  }

  public long requestsFailed() {
    return requestsFailed.get();
  }

  /** The last failure (HTTP status and body start, or exception), empty when none. */
  public String lastError() {
    return lastError.get();
  }

  @Override
  public void close() {
    ticker.close();
  }
}
