package dev.tributary.localstack.component;

import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.localstack.process.Readiness;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (Debian's package) on a project-local data directory, for change data
 * capture: {@code initdb} when the directory is empty (superuser {@code postgres}, trust
 * authentication on 127.0.0.1 only), then {@code postgres} with {@code wal_level=logical} and room
 * for replication slots, listening on 127.0.0.1 and a socket in the data directory. Data survives
 * restarts. As root the server runs as the {@code postgres} OS user ({@link PostgresBinaries}).
 *
 * <p>{@link #close()} asks for a fast shutdown ({@code pg_ctl stop -m fast}: a smart shutdown would
 * wait for the connector's replication connection forever), then stops the process.
 * Thread-safe: {@link #close()} is idempotent.
 */
public final class PostgresProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresProcess.class);
  /** The superuser initdb creates; trusted from 127.0.0.1 only. */
  public static final String SUPERUSER = "postgres";
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final PostgresBinaries binaries;
  private final Path dataDir;
  private final int port;
  private final ManagedProcess process;

  private PostgresProcess(PostgresBinaries binaries, Path dataDir, int port, ManagedProcess process) {
    this.binaries = binaries;
    this.dataDir = dataDir;
    this.port = port;
    this.process = process;
  }

  /** Initialises {@code dataDir} if empty, starts the server on {@code port} and waits until it accepts connections. */
  public static PostgresProcess start(Path dataDir, Path logFile, int port) {
    PostgresBinaries binaries = PostgresBinaries.locate();
    Path dir = dataDir.toAbsolutePath();
    prepare(binaries, dir);
    if (!Files.exists(dir.resolve("PG_VERSION"))) {
      run(binaries, logFile, "initdb", List.of("-D", dir.toString(), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
          "--locale=C", "--no-instructions"));
      LOG.info("Initialised a PostgreSQL data directory in {}", dir);
    }
    List<String> command = binaries.command("postgres", List.of("-D", dir.toString(), "-p", Integer.toString(port),
        "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + dir,
        "-c", "wal_level=logical", "-c", "max_wal_senders=8", "-c", "max_replication_slots=8",
        "-c", "shared_buffers=32MB", "-c", "max_connections=40"));
    ManagedProcess process = ManagedProcess.start("postgres", command, dir.getParent(), logFile, Map.of(), STOP_GRACE);
    PostgresProcess postgres = new PostgresProcess(binaries, dir, port, process);
    try {
      Readiness.await("PostgreSQL on 127.0.0.1:" + port, process, Duration.ofSeconds(60), Duration.ofMillis(100),
          postgres::acceptsConnections);
    } catch (RuntimeException e) {
      process.stop();
      throw e;
    }
    return postgres;
  }

  public int port() {
    return port;
  }

  /** A JDBC URL of {@code database} on this server. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public Path dataDir() {
    return dataDir;
  }

  public ManagedProcess process() {
    return process;
  }

  /** True when the server accepts connections ({@code pg_isready}). */
  public boolean acceptsConnections() throws IOException, InterruptedException {
    Process check = new ProcessBuilder(binaries.bin().resolve("pg_isready").toString(), "-q", "-h", "127.0.0.1",
        "-p", Integer.toString(port), "-U", SUPERUSER).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return check.waitFor(5, TimeUnit.SECONDS) && check.exitValue() == 0;
  }

  /**
   * SIGKILL of the server and every process it started (backends, WAL sender, checkpointer) at once,
   * as an out-of-memory killer would: crash tests restart the data directory afterwards and
   * PostgreSQL recovers from its write-ahead log. Waits until they are gone.
   */
  public void kill() {
    List<ProcessHandle> all = new java.util.ArrayList<>(ProcessHandle.of(process.pid())
        .map(h -> h.descendants().toList()).orElse(List.of()));
    process.kill();
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle h : all) {
      h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> h).join();
    }
  }

  /** Fast shutdown, then the process's own stop (SIGTERM, SIGKILL after the grace). Idempotent. */
  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        run(binaries, process.logFile(), "pg_ctl", List.of("-D", dataDir.toString(), "-m", "fast", "-w", "-t", "30", "stop"));
      } catch (RuntimeException e) {
        LOG.warn("pg_ctl stop failed; stopping the process: {}", e.getMessage());
      }
    }
    process.stop();
  }

  /** The data directory exists, belongs to the server's OS user, and that user can reach it. */
  private static void prepare(PostgresBinaries binaries, Path dir) {
    try {
      Files.createDirectories(dir);
      if (binaries.runAs().isEmpty()) {
        return;
      }
      UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName(binaries.runAs().get());
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.toList()) {
          Files.setOwner(p, owner);
        }
      }
      Files.setPosixFilePermissions(dir, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE));
      // the server user must traverse the parents (a temporary directory is 700 root)
      for (Path parent = dir.getParent(); parent != null; parent = parent.getParent()) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(parent);
        if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
          perms.add(PosixFilePermission.OTHERS_EXECUTE);
          Files.setPosixFilePermissions(parent, perms);
          LOG.info("Let the {} user traverse {} (o+x)", binaries.runAs().get(), parent);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare the PostgreSQL data directory " + dir, e);
    }
  }

  private static void run(PostgresBinaries binaries, Path logFile, String program, List<String> args) {
    try {
      Files.createDirectories(logFile.toAbsolutePath().getParent());
      Process p = new ProcessBuilder(binaries.command(program, args)).directory(new File("/"))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(program + " did not finish within 120 s; see " + logFile);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(program + " failed with exit code " + p.exitValue() + "; see " + logFile
            + ". Last lines:" + System.lineSeparator() + ManagedProcess.tail(logFile, 20));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + program, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + program, e);
    }
  }
}
