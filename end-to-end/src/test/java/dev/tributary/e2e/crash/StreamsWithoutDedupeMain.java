package dev.tributary.e2e.crash;

import dev.tributary.common.app.ServiceMain;
import dev.tributary.streams.app.Main;
import dev.tributary.streams.config.StreamsSettings;
import dev.tributary.streams.topology.TopologySettings;
import java.util.Map;

/**
 * The transform service as a process, configured like {@code dev.tributary.streams.app.Main}, but
 * with the dedupe step left out of the topology: the crash test's negative control
 * {@code -Dcrash.disable=dedupe}, where every client retry must then become a duplicate row. It
 * lives in test code so that the shipped service has no switch to turn its guarantee off.
 */
public final class StreamsWithoutDedupeMain {

  private StreamsWithoutDedupeMain() {}

  /** {@code settings}' topology settings with dedupe off. */
  static TopologySettings withoutDedupe(StreamsSettings settings) {
    TopologySettings t = settings.topologySettings();
    return new TopologySettings(t.metricsGrace(), t.clockSkewTolerance(), t.maxEventNameLength(), false,
        t.dedupeWindow(), t.streamsConfig());
  }

  public static void main(String[] args) {
    ServiceMain.run("transform-streams", () -> {
      StreamsSettings settings = StreamsSettings.load(System.getenv(), Map.of());
      return Main.serve(settings, withoutDedupe(settings));
    });
  }
}
