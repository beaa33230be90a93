package dev.tributary.streams.bench;

import dev.tributary.events.CleanEvent;
import dev.tributary.events.RawEvent;
import dev.tributary.schema.serde.AvroDeserializer;
import dev.tributary.schema.serde.AvroSerializer;
import dev.tributary.streams.normalize.EventNormalizer;
import dev.tributary.streams.normalize.NormalizeResult;
import dev.tributary.testsupport.InMemorySchemaRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * CPU cost per record of the first two pipeline steps: Avro-decode one raw record value (wire
 * format) into a {@link RawEvent} as {@code decode-raw} does, and normalise it into a
 * {@link CleanEvent} as {@code normalize} does. Prints ns/record of thread CPU time (the build
 * machine is shared, CPU time is far less noisy than wall clock). Asserts nothing.
 *
 * <p>Run as a plain main class (arguments: rounds, records per round); the command is in docs/PERFORMANCE.md.
 */
public final class DecodeNormalizeBenchmark {

  static final String PAYLOAD = "{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"user-48213\","
      + "\"messageId\":\"ajs-7f9c2d61e4b84b0f9a1c3e5d7b9f1a2c\",\"timestamp\":\"2026-11-27T10:15:30.123Z\","
      + "\"sentAt\":\"2026-11-27T10:15:30.456Z\",\"properties\":{\"revenue\":19.90,\"currency\":\"EUR\","
      + "\"plan\":\"pro\"},\"context\":{\"library\":{\"name\":\"analytics.js\",\"version\":\"4.1.0\"}},"
      + "\"event_id\":\"ajs-7f9c2d61e4b84b0f9a1c3e5d7b9f1a2c\"}";

  private DecodeNormalizeBenchmark() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    RawEvent raw = RawEvent.newBuilder()
        .setEventId("ajs-7f9c2d61e4b84b0f9a1c3e5d7b9f1a2c")
        .setSource("web")
        .setReceivedAt(Instant.parse("2026-11-27T10:15:31.002Z"))
        .setPayload(PAYLOAD)
        .setRequestId("3f1d2c4b-5a69-4e7f-8a9b-0c1d2e3f4a5b")
        .build();
    byte[] value;
    try (AvroSerializer<RawEvent> serializer = new AvroSerializer<>(registry, false)) {
      value = serializer.serialize("events.raw", raw);
    }
    AvroDeserializer<RawEvent> deserializer = new AvroDeserializer<>(registry, RawEvent.class);
    EventNormalizer normalizer = new EventNormalizer(Duration.ofMinutes(10), 200);
    long sink = 0;
    for (int i = 0; i < 3; i++) {
      sink += run(deserializer, normalizer, value, perRound);
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[] ns = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long start = mx.getCurrentThreadCpuTime();
      sink += run(deserializer, normalizer, value, perRound);
      ns[r] = (mx.getCurrentThreadCpuTime() - start) / (double) perRound;
    }
    Arrays.sort(ns);
    System.out.printf(java.util.Locale.ROOT, "streams decode+normalize (%d-byte record): median %.0f ns/record"
        + " (min %.0f, max %.0f; %d rounds x %d records; checksum %d)%n",
        value.length, ns[rounds / 2], ns[0], ns[rounds - 1], rounds, perRound, sink);
  }

  private static long run(AvroDeserializer<RawEvent> deserializer, EventNormalizer normalizer, byte[] value, int n) {
    long sink = 0;
    for (int i = 0; i < n; i++) {
      RawEvent event = deserializer.deserialize("events.raw", value);
      CleanEvent clean = ((NormalizeResult.Accepted) normalizer.normalize(event)).event();
      sink += clean.getTimestamp().toEpochMilli() + clean.getProperties().length();
    }
    return sink;
  }
}
