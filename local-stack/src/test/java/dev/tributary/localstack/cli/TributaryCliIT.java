package dev.tributary.localstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.localstack.process.Java;
import dev.tributary.localstack.process.Ports;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary up} as a user runs it, in its own JVM, on real components: it starts over a pid
 * file left by a crash whose pids now belong to other processes, and it exits 0 when
 * {@code tributary down} stops it, without touching the processes that are not ours.
 */
class TributaryCliIT {

  private static final Duration UP_TIMEOUT = Duration.ofSeconds(240);

  @TempDir
  Path root;

  @Test
  void shouldStartOverAStalePidFileAndExitZeroWhenStoppedByDown() throws Exception {
    StackLayout layout = new StackLayout(root);
    Process stranger = new ProcessBuilder("sleep", "600").start(); // took the pid of the crashed 'up'
    Process up = null;
    try {
      Files.createDirectories(layout.stateDir());
      Files.writeString(layout.pidFile(), "cli " + stranger.pid() + " old-boot/12345\n"
          + "kafka " + ProcessHandle.current().pid() + " old-boot/12346\n", StandardCharsets.UTF_8);
      Path output = root.resolve("up.out");
      up = new ProcessBuilder(List.of(Java.current(), "-Xmx256m", "-cp", Java.currentClassPath(),
          TributaryCli.class.getName(), "up", "--infra-only", "--root", root.toString(),
          "--kafka-port", port(), "--kafka-controller-port", port(), "--registry-port", port(),
          "--clickhouse-http-port", port(), "--clickhouse-tcp-port", port()))
          .redirectErrorStream(true).redirectOutput(output.toFile()).start();
      awaitOutput(up, output, "Tributary local stack is up");

      ByteArrayOutputStream downOut = new ByteArrayOutputStream();
      int downCode = StackStatus.down(layout, new PrintStream(downOut, true, StandardCharsets.UTF_8));

      assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("up ended after down").isTrue();
      assertThat(up.exitValue()).as("exit code of up; output:%n%s", read(output)).isZero();
      assertThat(downCode).isZero();
      assertThat(read(output)).contains("Ignoring " + layout.pidFile()).contains("Stop requested by 'tributary down'");
      assertThat(Files.exists(layout.pidFile())).isFalse();
      assertThat(stranger.isAlive()).as("a process that only shares a recorded pid is left alone").isTrue();
    } finally {
      if (up != null && up.isAlive()) {
        up.destroy(); // its shutdown hook stops what it started
        up.waitFor(120, TimeUnit.SECONDS);
      }
      stranger.destroyForcibly().waitFor();
    }
  }

  private static String port() {
    return Integer.toString(Ports.free());
  }

  private static void awaitOutput(Process process, Path output, String text) throws Exception {
    Instant deadline = Instant.now().plus(UP_TIMEOUT);
    while (!read(output).contains(text)) {
      if (!process.isAlive()) {
        throw new AssertionError("up exited with " + process.exitValue() + " before '" + text + "':\n" + read(output));
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("no '" + text + "' within " + UP_TIMEOUT.toSeconds() + " s:\n" + read(output));
      }
      Thread.sleep(250);
    }
  }

  private static String read(Path file) throws Exception {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }
}
