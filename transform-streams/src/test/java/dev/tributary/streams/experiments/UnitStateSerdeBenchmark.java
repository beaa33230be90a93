package dev.tributary.streams.experiments;

import dev.tributary.streams.experiments.UnitState.Attribution;
import dev.tributary.streams.experiments.UnitState.MetricValue;
import dev.tributary.streams.experiments.UnitState.PreEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU cost of what the experiment attribution pays per event of a unit with state: deserialize the unit's state from
 * the store and serialize it back. The state is a purchaser's in one experiment with three metrics and a full
 * pre-exposure list (the default cap, {@code experiments.cuped.max.pre.events} = 64, over two metrics) — the largest
 * state the defaults allow, and the one CUPED made common. Prints ns per round trip of thread CPU time (the build
 * machine is shared) and the state's size. Asserts nothing.
 *
 * <p>Run as a plain main class (arguments: rounds, round trips per round, pre-exposure events).
 */
public final class UnitStateSerdeBenchmark {

  private UnitStateSerdeBenchmark() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    int preEvents = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    UnitState state = purchaser(preEvents);
    byte[] bytes = UnitStateSerde.write(state);
    long sink = 0;
    for (int i = 0; i < 3; i++) {
      sink += run(bytes, perRound);
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[] ns = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long start = mx.getCurrentThreadCpuTime();
      sink += run(bytes, perRound);
      ns[r] = (mx.getCurrentThreadCpuTime() - start) / (double) perRound;
    }
    Arrays.sort(ns);
    System.out.printf(Locale.ROOT, "unit state read + write: median %.0f ns (min %.0f, max %.0f) over %d rounds of %d,"
        + " %d pre-exposure events, %d bytes (checksum %d)%n", ns[rounds / 2], ns[0], ns[rounds - 1], rounds, perRound,
        preEvents, bytes.length, sink);
  }

  private static long run(byte[] bytes, int roundTrips) {
    long sink = 0;
    byte[] current = bytes;
    for (int i = 0; i < roundTrips; i++) {
      current = UnitStateSerde.write(UnitStateSerde.read(current));
      sink += current.length;
    }
    return sink;
  }

  private static UnitState purchaser(int preEvents) {
    List<PreEvent> pre = new ArrayList<>(preEvents);
    for (int i = 0; i < preEvents; i++) {
      pre.add(new PreEvent(1_000L * i, i % 2 == 0 ? "revenue_per_active_user" : "purchase_conversion_rate",
          i % 2 == 0 ? 19.99 + i : 1));
    }
    return new UnitState(Map.of("checkout-button", new Attribution(2, "green", 1_000_000L, false,
        List.of(new MetricValue("revenue_per_active_user", 59.97, 0, 412.5),
            new MetricValue("purchase_conversion_rate", 1, 0, 1),
            new MetricValue("average_order_value", 59.97, 3, 0)))), pre);
  }
}
