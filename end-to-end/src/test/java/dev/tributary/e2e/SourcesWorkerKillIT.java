package dev.tributary.e2e;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Change data capture through the whole pipeline into ClickHouse across a SIGKILL of the CDC worker:
 * the delete made while it is dead lands too, and every change lands exactly once. A worker restart
 * more than {@link SourcesEndToEndIT}'s capture, on a pipeline of its own (about 40 s), so outside the
 * 15-minute {@code ./mvnw verify}: the end-to-end pom's failsafe excludes it; run it by name,
 * {@code ./mvnw -pl end-to-end -am verify -Dit.test=SourcesWorkerKillIT -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false}.
 * {@code PostgresCdcIT} (connect, in the suite) proves exactly-once across a worker kill up to the raw topic.
 */
class SourcesWorkerKillIT {

  private static InProcessPipeline pipeline;

  @TempDir
  Path dir;

  @BeforeAll
  static void startPipeline() {
    pipeline = InProcessPipeline.start("cdc-kill-key", "web", Map.of());
  }

  @AfterAll
  static void stopPipeline() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void shouldLandRowChangesInTheWarehouseExactlyOnceAcrossAWorkerKill() throws Exception {
    try (ShopChangeCapture capture = new ShopChangeCapture(pipeline, dir)) {
      capture.assertChangesLandExactlyOnce(true);
    }
  }
}
