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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

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
  private final Path served;
  private final String exampleYaml;
  private final String experimentKey;
  private final Clock clock;
  private final Instant started;
  private final String visitorPrefix;
  private final DaemonTicker ticker;
  private final AtomicLong visitors = new AtomicLong();
  private final AtomicLong requestsFailed = new AtomicLong();
  private final AtomicReference<String> lastError = new AtomicReference<>("");
  private final AtomicReference<Double> coverage = new AtomicReference<>(DemoExperiment.RAMP.get(0));
  private final Map<String, LongAdder> exposed = new ConcurrentSkipListMap<>();
  private final Map<String, LongAdder> converted = new ConcurrentSkipListMap<>();

  private DemoExperimentTraffic(String ingestUrl, String writeKey, Path served, String exampleYaml, Clock clock) {
    this.ingestUrl = ingestUrl;
    this.writeKey = writeKey;
    this.served = served;
    this.exampleYaml = exampleYaml;
    this.experimentKey = DemoExperiment.experimentKey(exampleYaml);
    this.clock = clock;
    this.started = clock.instant();
    this.visitorPrefix = "visitor-" + Long.toString(started.toEpochMilli(), 36) + "-";
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
    return experimentKey;
  }

  private void tick() {
    try {
      ramp();
      List<Map<String, Object>> events = new ArrayList<>();
      for (int i = 0; i < VISITORS_PER_SECOND * TICK_MS / 1000; i++) {
        String visitor = visitorPrefix + visitors.incrementAndGet();
        JsonNode assignment = assignment(visitor);
        if (assignment != null && assignment.path("in_experiment").asBoolean(false)) {
          String variation = assignment.path("variation_id").asText();
          int index = assignment.path("variation_index").asInt();
          List<Map<String, Object>> visit = DemoExperiment.visit(visitor, experimentKey, variation, index,
              clock.instant(), UUID.randomUUID());
          exposed.computeIfAbsent(variation, v -> new LongAdder()).increment();
          if (visit.size() > 1) {
            converted.computeIfAbsent(variation, v -> new LongAdder()).increment();
          }
          events.addAll(visit);
        }
      }
      if (!events.isEmpty()) {
        send(events);
      }
    } catch (RuntimeException e) {
      fail(e.toString());
    }
  }

  private void ramp() {
    double due = DemoExperiment.coverageAt(Duration.between(started, clock.instant()));
    if (due != coverage.get()) {
      write(served, DemoExperiment.definitions(exampleYaml, due, clock.instant()));
      coverage.set(due);
    }
  }

  private JsonNode assignment(String visitor) {
    String url = ingestUrl + "/v1/experiments/assignments?user_id=" + URLEncoder.encode(visitor, StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
        .header("Authorization", "Bearer " + writeKey).GET().build();
    try {
      HttpResponse<String> response = Http.client().send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        fail("assignment HTTP " + response.statusCode() + " " + response.body());
        return null;
      }
      for (JsonNode e : JSON.readTree(response.body()).path("experiments")) {
        if (experimentKey.equals(e.path("key").asText())) {
          return e;
        }
      }
      return null; // not running (yet): the visitor sees the default
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (IOException e) {
      fail("assignment: " + e);
      return null;
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

  /** One status line: coverage, visitors, exposed and converted per variant. */
  public String line() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "    experiment %s at %.0f %% coverage: %d visitors",
        experimentKey, 100 * coverage.get(), visitors.get()));
    exposed.forEach((variation, n) -> sb.append(String.format(Locale.ROOT, ", %s %d exposed / %d converted", variation,
        n.sum(), converted.getOrDefault(variation, new LongAdder()).sum())));
    if (requestsFailed.get() > 0) {
      sb.append(" | failed requests ").append(requestsFailed.get()).append(", last: ").append(lastError.get());
    }
    return sb.toString();
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
