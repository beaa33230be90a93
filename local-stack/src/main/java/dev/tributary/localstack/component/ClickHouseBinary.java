package dev.tributary.localstack.component;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the {@code clickhouse-server} executable: on {@code PATH}, else {@code /usr/sbin}. When
 * missing on Debian as root it installs Debian's package (and says so); otherwise it fails with an
 * error naming exactly what to install.
 *
 * <p>Thread-safe ({@link #locate()} is synchronized so only one install runs).
 */
public final class ClickHouseBinary {

  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseBinary.class);
  private static final Path SBIN = Path.of("/usr/sbin/clickhouse-server");

  private ClickHouseBinary() {}

  public static synchronized Path locate() {
    Optional<Path> found = find();
    if (found.isPresent()) {
      return found.get();
    }
    if (isDebian() && isRoot()) {
      LOG.warn("clickhouse-server not found; installing Debian packages clickhouse-server and clickhouse-client with apt-get");
      install();
      return find().orElseThrow(() -> new IllegalStateException(
          "apt-get installed clickhouse-server but no executable is on PATH or at " + SBIN));
    }
    throw new IllegalStateException("clickhouse-server not found on PATH or at " + SBIN + ". Install it: on Debian/Ubuntu"
        + " 'sudo apt-get update && sudo apt-get install -y clickhouse-server clickhouse-client'; elsewhere see"
        + " https://clickhouse.com/docs/en/install and make sure 'clickhouse-server' is on PATH");
  }

  static Optional<Path> find() {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, "clickhouse-server");
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Files.isExecutable(SBIN) ? Optional.of(SBIN) : Optional.empty();
  }

  private static boolean isDebian() {
    return Files.isRegularFile(Path.of("/etc/debian_version")) && Files.isExecutable(Path.of("/usr/bin/apt-get"));
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void install() {
    try {
      Process p = new ProcessBuilder(List.of("sh", "-c",
          "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y clickhouse-server clickhouse-client"))
          .redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("apt-get install clickhouse-server clickhouse-client failed:" + System.lineSeparator() + output);
      }
      LOG.warn("Installed clickhouse-server and clickhouse-client with apt-get");
    } catch (IOException e) {
      throw new IllegalStateException("could not run apt-get to install clickhouse-server", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while installing clickhouse-server", e);
    }
  }
}
