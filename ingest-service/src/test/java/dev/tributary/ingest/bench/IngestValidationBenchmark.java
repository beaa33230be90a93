package dev.tributary.ingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.ingest.validation.EventJson;
import dev.tributary.ingest.validation.EventValidator;
import dev.tributary.ingest.validation.ParsedBody;
import dev.tributary.ingest.validation.ValidationLimits;
import dev.tributary.ingest.validation.ValidationResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * CPU cost per event of what the collector does with one event on the event loop: decode and parse
 * the body, validate it (which also writes the compact payload). Prints ns/event of thread CPU time
 * (not wall clock: the build machine is shared, CPU time is far less noisy). Asserts nothing.
 *
 * <p>Run as a plain main class (arguments: rounds, events per round); the command is in docs/PERFORMANCE.md.
 */
public final class IngestValidationBenchmark {

  /** A typical analytics.js track call: messageId (not event_id), so the payload gains event_id. */
  static final String EVENT = "{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"user-48213\","
      + "\"messageId\":\"ajs-7f9c2d61e4b84b0f9a1c3e5d7b9f1a2c\",\"timestamp\":\"2026-11-27T10:15:30.123Z\","
      + "\"sentAt\":\"2026-11-27T10:15:30.456Z\",\"properties\":{\"revenue\":19.90,\"currency\":\"EUR\","
      + "\"plan\":\"pro\"},\"context\":{\"library\":{\"name\":\"analytics.js\",\"version\":\"4.1.0\"}}}";

  private IngestValidationBenchmark() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    byte[] body = EVENT.getBytes(StandardCharsets.UTF_8);
    Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:15:31Z"), ZoneOffset.UTC);
    EventValidator validator = new EventValidator(
        new ValidationLimits(32 * 1024, Duration.ofMinutes(10), Duration.ofDays(30), 32), clock, () -> "generated");
    long sink = 0;
    for (int i = 0; i < 3; i++) {
      sink += run(validator, body, perRound);
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[] ns = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long start = mx.getCurrentThreadCpuTime();
      sink += run(validator, body, perRound);
      ns[r] = (mx.getCurrentThreadCpuTime() - start) / (double) perRound;
    }
    Arrays.sort(ns);
    System.out.printf(java.util.Locale.ROOT, "ingest parse+validate+serialize (%d-byte event): median %.0f ns/event"
        + " (min %.0f, max %.0f; %d rounds x %d events; checksum %d)%n",
        body.length, ns[rounds / 2], ns[0], ns[rounds - 1], rounds, perRound, sink);
  }

  private static long run(EventValidator validator, byte[] body, int n) {
    long sink = 0;
    for (int i = 0; i < n; i++) {
      JsonNode node = ((ParsedBody.Json) EventJson.parseBody(body)).node();
      ValidationResult result = validator.validate(node);
      sink += ((ValidationResult.Accepted) result).payload().length();
    }
    return sink;
  }
}
