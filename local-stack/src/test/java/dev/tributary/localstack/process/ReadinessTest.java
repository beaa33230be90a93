package dev.tributary.localstack.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadinessTest {

  @TempDir
  Path dir;

  @Test
  void shouldReturnOnceTheProbeSucceedsAfterFailures() {
    AtomicInteger calls = new AtomicInteger();

    Readiness.await("thing", null, Duration.ofSeconds(5), Duration.ofMillis(1), () -> {
      if (calls.incrementAndGet() < 3) {
        throw new IllegalStateException("not yet");
      }
      return true;
    });

    assertThat(calls).hasValue(3);
  }

  @Test
  void shouldFailAfterTheTimeoutNamingTheLastProbeError() {
    assertThatThrownBy(() -> Readiness.await("thing", null, Duration.ofMillis(50), Duration.ofMillis(5), () -> {
      throw new IllegalStateException("connection refused");
    })).hasMessageContaining("thing was not ready within").hasMessageContaining("connection refused");
  }

  @Test
  void shouldFailFastNamingTheLogFileWhenTheProcessDies() {
    Path log = dir.resolve("dying.log");
    ManagedProcess process = ManagedProcess.start("dying", List.of("/bin/sh", "-c", "echo boom-line; exit 3"),
        dir, log, Map.of(), Duration.ofSeconds(1));

    assertThatThrownBy(() -> Readiness.await("dying", process, Duration.ofSeconds(30), Duration.ofMillis(10), () -> false))
        .hasMessageContaining("exited with code 3").hasMessageContaining(log.toString()).hasMessageContaining("boom-line");
  }

  @Test
  void shouldStopAProcessThatIgnoresSigtermWithSigkill() {
    ManagedProcess process = ManagedProcess.start("stubborn", List.of("/bin/sh", "-c", "trap '' TERM; while true; do sleep 0.1; done"),
        dir, dir.resolve("stubborn.log"), Map.of(), Duration.ofMillis(300));

    process.stop();

    assertThat(process.isAlive()).isFalse();
  }
}
