package dev.tributary.e2e.crash;

import dev.tributary.common.app.ServiceMain;
import dev.tributary.sink.app.Main;
import dev.tributary.sink.config.SinkSettings;
import dev.tributary.sink.kafka.ResumeStrategy;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The warehouse sink as a process, configured like {@code dev.tributary.sink.app.Main}, but resuming
 * from the consumer group's committed offsets alone and never asking the warehouse: the crash test's
 * negative control {@code -Dcrash.disable=resume}, which must then find duplicated rows. It lives in
 * test code so that the shipped sink has no switch to turn its guarantee off.
 */
public final class SinkWithoutWarehouseResumeMain {

  /** Resumes at the committed offset (or the beginning); a retry rewrites the whole batch. */
  static final ResumeStrategy COMMITTED_OFFSETS_ONLY = new ResumeStrategy() {
    @Override
    public boolean asksWarehouse() {
      return false;
    }

    @Override
    public OptionalLong resumeAt(OptionalLong warehouseNext, OptionalLong committed) {
      return committed;
    }

    @Override
    public String toString() {
      return "from committed offsets only";
    }
  };

  private SinkWithoutWarehouseResumeMain() {}

  public static void main(String[] args) {
    ServiceMain.run("warehouse-sink", () -> Main.serve(
        SinkSettings.from(SinkSettings.resolve(System.getenv(), Map.of())), COMMITTED_OFFSETS_ONLY));
  }
}
