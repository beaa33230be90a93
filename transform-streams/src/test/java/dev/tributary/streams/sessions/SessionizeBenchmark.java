package dev.tributary.streams.sessions;

import dev.tributary.events.CleanEvent;
import dev.tributary.testsupport.TestRecords;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;

/**
 * CPU cost per clean event of what {@code sessionize} adds: read the identity's state (deserialize),
 * mark the event, place it, compact, write the state (serialize), and copy the event with its
 * session id. Identities take turns, events of one identity 20 s apart with one in eight arriving
 * up to 5 min late, so the state holds about one grace period of events as in production. Prints
 * ns/event of thread CPU time (the build machine is shared). RocksDB and the changelog write are not
 * included: compare with the whole pipeline in {@code bin/bench} with {@code SESSIONS_ENABLED} on/off.
 * Asserts nothing.
 *
 * <p>Run as a plain main class (arguments: rounds, events per round, identities).
 */
public final class SessionizeBenchmark {

  private SessionizeBenchmark() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    int identities = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    SessionRules rules = new SessionRules(Duration.ofMinutes(30), Duration.ofHours(24), Duration.ofMinutes(10),
        Set.of("Order Completed"));
    Serde<IdentitySessions> serde = IdentitySessionsSerde.serde();
    Map<String, byte[]> store = new HashMap<>();
    CleanEvent template = TestRecords.cleanEvent("e", Instant.parse("2026-11-27T10:15:31Z"));
    long[] clock = {Instant.parse("2026-11-27T00:00:00Z").toEpochMilli()};
    long sink = 0;
    for (int i = 0; i < 3; i++) {
      sink += run(rules, serde, store, template, clock, perRound, identities);
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[] ns = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long start = mx.getCurrentThreadCpuTime();
      sink += run(rules, serde, store, template, clock, perRound, identities);
      ns[r] = (mx.getCurrentThreadCpuTime() - start) / (double) perRound;
    }
    Arrays.sort(ns);
    System.out.printf(Locale.ROOT, "sessionize: median %.0f ns/event (min %.0f, max %.0f) over %d rounds of %d events,"
        + " %d identities, %d stored of %d bytes on average (checksum %d)%n", ns[rounds / 2], ns[0], ns[rounds - 1],
        rounds, perRound, identities, store.size(),
        store.values().stream().mapToLong(b -> b.length).sum() / Math.max(1, store.size()), sink);
  }

  private static long run(SessionRules rules, Serde<IdentitySessions> serde, Map<String, byte[]> store,
      CleanEvent template, long[] clock, int events, int identities) {
    long sink = 0;
    long step = Duration.ofSeconds(20).toMillis() / identities;
    for (int i = 0; i < events; i++) {
      clock[0] += Math.max(1, step);
      String identity = "user-" + (i % identities);
      long time = i % 8 == 0 ? clock[0] - (i % 300_000) : clock[0];
      CleanEvent event = CleanEvent.newBuilder(template).setEventId("e-" + clock[0] + "-" + i).setUserId(identity)
          .setTimestamp(Instant.ofEpochMilli(time)).build();
      long watermark = clock[0] - rules.grace().toMillis();
      byte[] before = store.get(identity);
      IdentitySessions state = before == null ? IdentitySessions.EMPTY : serde.deserializer().deserialize("s", before);
      IdentitySessions.Step stepResult = state.place(identity, EventMark.of(event, rules), watermark, rules);
      IdentitySessions next = stepResult.next().compact(watermark, identity, rules);
      store.put(identity, serde.serializer().serialize("s", next));
      CleanEvent enriched = CleanEvent.newBuilder(event).setSessionId(stepResult.sessionId()).build();
      sink += enriched.getSessionId().length() + stepResult.updates().size();
    }
    return sink;
  }
}
