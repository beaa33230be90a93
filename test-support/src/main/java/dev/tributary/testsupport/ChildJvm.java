package dev.tributary.testsupport;

import dev.tributary.localstack.process.Java;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a service's {@code main} in a child JVM with the test's class path and exactly the given
 * environment (nothing inherited, so the developer's shell cannot change the outcome), and returns
 * its exit status and output. For tests of what a {@code Main} does as a process: exit codes and
 * the messages an operator sees.
 *
 * <p>Stateless and thread-safe.
 */
public final class ChildJvm {

  /** How the child ended. */
  public record Exit(int status, String stdout, String stderr) {}

  private ChildJvm() {}

  /**
   * Runs {@code mainClass} and waits for it to end.
   *
   * @throws IllegalStateException when it is still running after {@code timeout} (it is then killed)
   */
  public static Exit run(Class<?> mainClass, Map<String, String> env, Duration timeout) {
    try {
      Path out = Files.createTempFile("child-jvm", ".out");
      Path err = Files.createTempFile("child-jvm", ".err");
      try {
        ProcessBuilder pb = new ProcessBuilder(List.of(Java.current(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
            "-cp", Java.currentClassPath(), mainClass.getName()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process process = pb.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor();
          throw new IllegalStateException(mainClass.getName() + " still ran after " + timeout + "; stderr: "
              + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Exit(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + mainClass.getName(), e);
    }
  }
}
