package dev.tributary.localstack.component;

import dev.tributary.localstack.process.Http;
import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.localstack.process.Readiness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A ClickHouse server as a child process with a generated config (see {@link ClickHouseConfig})
 * in a given data directory, listening on 127.0.0.1 only. Data survives restarts on the same
 * directory.
 *
 * <p>Thread-safe: {@link #close()} is idempotent.
 */
public final class ClickHouseProcess implements AutoCloseable {

  private final ClickHouseConfig config;
  private final ManagedProcess process;

  private ClickHouseProcess(ClickHouseConfig config, ManagedProcess process) {
    this.config = config;
    this.process = process;
  }

  /** Starts the server; stop grace 30 s (it can take ~26 s with open connections). */
  public static ClickHouseProcess start(Path dataDir, Path logFile, int httpPort, int tcpPort) {
    return start(dataDir, logFile, httpPort, tcpPort, Duration.ofSeconds(30));
  }

  /** Writes the config, starts the server and waits until {@code GET /ping} answers {@code Ok.}. */
  public static ClickHouseProcess start(Path dataDir, Path logFile, int httpPort, int tcpPort, Duration stopGrace) {
    return start("clickhouse", dataDir, logFile, httpPort, tcpPort, stopGrace);
  }

  /** As {@link #start(Path, Path, int, int, Duration)}, the process named {@code name} (one of several servers). */
  public static ClickHouseProcess start(String name, Path dataDir, Path logFile, int httpPort, int tcpPort,
      Duration stopGrace) {
    Path binary = ClickHouseBinary.locate();
    ClickHouseConfig config = new ClickHouseConfig(dataDir, httpPort, tcpPort);
    try {
      for (String sub : List.of("data", "tmp", "user_files", "format_schemas", "log")) {
        Files.createDirectories(dataDir.resolve(sub));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not create ClickHouse directories under " + dataDir, e);
    }
    Dirs.write(config.configFile(), config.configXml());
    Dirs.write(config.usersFile(), config.usersXml());
    List<String> command = List.of(binary.toString(), "--config-file=" + config.configFile().toAbsolutePath());
    ManagedProcess process = ManagedProcess.start(name, command, dataDir, logFile, Map.of(), stopGrace);
    String ping = "http://127.0.0.1:" + httpPort + "/ping";
    try {
      Readiness.await("ClickHouse on port " + httpPort + " (server log " + config.serverErrorLog() + ")", process,
          Duration.ofSeconds(60), Duration.ofMillis(50),
          () -> Http.get(ping, Duration.ofSeconds(2)).body().startsWith("Ok."));
    } catch (RuntimeException e) {
      process.stop();
      throw e;
    }
    return new ClickHouseProcess(config, process);
  }

  /** E.g. {@code http://127.0.0.1:8123}. */
  public String httpUrl() {
    return "http://127.0.0.1:" + config.httpPort();
  }

  public int httpPort() {
    return config.httpPort();
  }

  public int tcpPort() {
    return config.tcpPort();
  }

  public ClickHouseConfig config() {
    return config;
  }

  public ManagedProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.stop();
  }
}
