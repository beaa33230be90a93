package dev.tributary.e2e.crash;

import dev.tributary.common.admin.AdminServer;
import dev.tributary.common.app.ServiceMain;
import dev.tributary.streams.app.Main;
import dev.tributary.streams.app.StreamsApplication;
import dev.tributary.streams.config.StreamsSettings;
import dev.tributary.streams.topology.TopologySettings;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams.State;

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
      StreamsApplication app = StreamsApplication.start(settings, withoutDedupe(settings));
      AdminServer admin = Main.serveAdmin(settings, app);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        app.close();
        admin.close();
      }, "transform-streams-shutdown"));
      return app.awaitTermination() == State.ERROR ? ServiceMain.EXIT_FATAL : 0;
    });
  }
}
