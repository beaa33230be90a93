package dev.tributary.bench.limit;

import dev.tributary.localstack.component.ClickHouseBinary;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sink's physical limit: ClickHouse's own {@code clickhouse-client} inserting a file of the same
 * rows ({@code INSERT INTO t FORMAT <format>} with the file on stdin) over the native protocol.
 * Timed from process start to exit, so the client's start-up (tens of ms) is included.
 * Stateless and thread-safe.
 */
public final class ClickHouseClientInsert {

  /** Wall time of one insert. */
  public record Timing(double seconds) {}

  private ClickHouseClientInsert() {}

  public static Timing insert(int tcpPort, String table, String format, Path file, Path log) {
    List<String> command = List.of(client(), "--host", "127.0.0.1", "--port", Integer.toString(tcpPort),
        "--query", "INSERT INTO " + table + " FORMAT " + format);
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      long start = System.nanoTime();
      Process p = new ProcessBuilder(command)
          .redirectInput(file.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("clickhouse-client did not finish within 10 minutes; see " + log);
      }
      long end = System.nanoTime();
      if (p.exitValue() != 0) {
        throw new IllegalStateException("clickhouse-client exited with " + p.exitValue() + " inserting " + file
            + " as " + format + "; see " + log);
      }
      return new Timing((end - start) / 1e9);
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** {@code clickhouse-client} from PATH, else next to the server binary. */
  static String client() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "clickhouse-client");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    Path server = ClickHouseBinary.locate();
    return server.resolveSibling("clickhouse-client").toString();
  }
}
