package dev.tributary.localstack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.localstack.process.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the {@link DemoExperiment} against the stack: new visitors arrive ({@link #VISITORS_PER_SECOND}), each asks
 * the ingest service for its variant ({@code GET /v1/experiments/assignments}), and those in the experiment send
 * {@code Experiment Viewed} (and, if they convert, a purchase) through {@code POST /v1/batch}; meanwhile the
 * served definitions file is rewritten at each ramp step, so the services re-read it and
 * {@code experiment_changes_v} records who ramped when. One request at a time on one thread.
 *
 * <p>Thread-safe: counters are concurrent; {@link #close()} stops the sender.
 */
public final class DemoExperimentTraffic implements AutoCloseable {

  public static final int VISITORS_PER_SECOND = 40;
  private static final long TICK_MS = 250;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String ingestUrl;
  private final String writeKey;
  private final DemoVisitors visitors;
  private final AtomicLong requestsFailed = new AtomicLong();
  private final AtomicReference<String> lastError = new AtomicReference<>("");
  private final DaemonTicker ticker;

  private DemoExperimentTraffic(String ingestUrl, String writeKey, Path served, String exampleYaml, Clock clock) {
    this.ingestUrl = ingestUrl;
    this.writeKey = writeKey;
    this.visitors = new DemoVisitors(exampleYaml, text -> write(served, text), this::send, clock);
    this.ticker = new DaemonTicker("demo-experiment", this::tick, TICK_MS, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts the visitors and the ramp. {@code served} must already hold the first step (see
   * {@link #writeDefinitions}), as the services read it at start.
   */
  public static DemoExperimentTraffic start(String ingestUrl, String writeKey, Path served, Path example) {
    return new DemoExperimentTraffic(ingestUrl, writeKey, served, read(example), Clock.systemUTC());
  }

  /** Writes the demo's definitions at {@code coverage} to {@code served} (atomically: readers never see half). */
  public static void writeDefinitions(Path example, Path served, double coverage, Instant at) {
    write(served, DemoExperiment.definitions(read(example), coverage, at));
  }

  public String experimentKey() {
    return visitors.experimentKey();
  }

  private void tick() {
    try {
      visitors.tick((int) (VISITORS_PER_SECOND * TICK_MS / 1000), this::assignment);
    } catch (RuntimeException e) {
      fail(e.toString());
    }
  }

  private Optional<DemoVisitors.Assigned> assignment(String visitor) {
    String url = ingestUrl + "/v1/experiments/assignments?user_id=" + URLEncoder.encode(visitor, StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
        .header("Authorization", "Bearer " + writeKey).GET().build();
    try {
      HttpResponse<String> response = Http.client().send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        fail("assignment HTTP " + response.statusCode() + " " + response.body());
        return Optional.empty();
      }
      for (JsonNode e : JSON.readTree(response.body()).path("experiments")) {
        if (visitors.experimentKey().equals(e.path("key").asText()) && e.path("in_experiment").asBoolean(false)) {
          return Optional.of(new DemoVisitors.Assigned(e.path("variation_id").asText(), e.path("variation_index").asInt()));
        }
      }
      return Optional.empty(); // not included, or not running (yet): the visitor sees the default, unexposed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (IOException e) {
      fail("assignment: " + e);
      return Optional.empty();
    }
  }

  private void send(List<Map<String, Object>> events) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/batch")).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + writeKey)
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("batch", events)), StandardCharsets.UTF_8))
        .build();
    try {
      HttpResponse<String> response = Http.client().send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        fail("batch HTTP " + response.statusCode() + " " + response.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      fail("batch: " + e);
    }
  }

  private void fail(String message) {
    requestsFailed.incrementAndGet();
    lastError.set(message.substring(0, Math.min(200, message.length())));
  }

  /** One status line: coverage, visitors, exposed and converted per variant, failures. */
  public String line() {
    return "    " + visitors.line() + (requestsFailed.get() == 0 ? ""
        : " | failed requests " + requestsFailed.get() + ", last: " + lastError.get());
  }

  @Override
  public void close() {
    ticker.close();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the example experiment definitions " + file, e);
    }
  }

  private static void write(Path target, String text) {
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the served experiment definitions " + target, e);
    }
  }
}
