package dev.tributary.testsupport;

import dev.tributary.localstack.component.ClickHouseHttp;
import dev.tributary.localstack.process.Java;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry and ClickHouse fixtures of one Maven run, shared by its test JVMs: the first JVM that needs
 * one starts {@link SharedFixturesMain} (a daemon JVM that starts both, as the per-JVM fixtures would) and
 * every later JVM of the same run finds it, instead of each module's JVM starting its own (about 6–8 s
 * each here). The daemon ends with the Maven process that ran the first JVM, so a run never sees the
 * state of an earlier one. Kafka stays one broker per JVM: tests use unprefixed topics such as
 * {@code events.raw}, and a broker of its own keeps a module from reading another's records. Registry
 * subjects and ClickHouse databases need no such care: tests register the catalogue's schemas (the same
 * in every module) or unique subjects, and create unique databases.
 *
 * <p>On with {@code -Dtributary.fixtures.shared=<directory>} (the root pom sets it for failsafe), for
 * process fixtures only.
 *
 * <p>Thread-safe; one lookup per JVM, under a file lock across JVMs.
 */
final class SharedFixtures {

  /** The directory of the shared fixtures' state file, lock and daemon log; unset: no sharing. */
  static final String PROPERTY = "tributary.fixtures.shared";
  static final String STATE_FILE = "fixtures.properties";

  private static final Logger LOG = LoggerFactory.getLogger(SharedFixtures.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static Optional<Addresses> addresses;

  /** Where the shared fixtures answer. */
  record Addresses(String registryBaseUrl, String clickhouseHttpUrl, int clickhouseTcpPort) {}

  private SharedFixtures() {}

  /** The shared fixtures' addresses, starting the daemon if this run has none yet; empty when not sharing. */
  static synchronized Optional<Addresses> addresses() {
    if (addresses == null) {
      String dir = System.getProperty(PROPERTY, "");
      addresses = dir.isBlank() || FixtureChoice.containers() ? Optional.empty() : Optional.of(find(Path.of(dir)));
    }
    return addresses;
  }

  private static Addresses find(Path dir) {
    long owner = mavenProcess().pid();
    try {
      Files.createDirectories(dir);
      try (FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
           FileLock ignored = channel.lock()) {
        Optional<Addresses> running = read(dir.resolve(STATE_FILE), owner).filter(SharedFixtures::answering);
        if (running.isPresent()) {
          LOG.info("Shared fixtures of this Maven run (pid {}): registry {}, ClickHouse {}", owner,
              running.get().registryBaseUrl(), running.get().clickhouseHttpUrl());
          return running.get();
        }
        return start(dir, owner);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not share the fixtures through " + dir, e);
    }
  }

  /**
   * The JVM that forked this one (Maven's): the nearest ancestor that runs {@code java}. Surefire may fork
   * through a shell, which ends with this JVM, so the direct parent is not the run.
   */
  static ProcessHandle mavenProcess() {
    Optional<ProcessHandle> ancestor = ProcessHandle.current().parent();
    for (int depth = 0; ancestor.isPresent() && depth < 5; depth++) {
      ProcessHandle p = ancestor.get();
      if (p.info().command().map(c -> Path.of(c).getFileName().toString().equals("java")).orElse(false)) {
        return p;
      }
      ancestor = p.parent();
    }
    return ProcessHandle.current().parent()
        .orElseThrow(() -> new IllegalStateException("a test JVM without a parent process cannot share fixtures"));
  }

  private static Addresses start(Path dir, long owner) throws IOException {
    Files.deleteIfExists(dir.resolve(STATE_FILE));
    Path log = dir.resolve("daemon-" + owner + ".log");
    long began = System.nanoTime();
    Process daemon = new ProcessBuilder(List.of(Java.current(), "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-cp", Java.currentClassPath(), SharedFixturesMain.class.getName(), dir.toString(),
        Long.toString(owner)))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Addresses> started = read(dir.resolve(STATE_FILE), owner);
      if (started.isPresent()) {
        LOG.info("Shared fixtures started for this Maven run (pid {}) in {} ms by daemon pid {}: registry {}, ClickHouse {}"
            + "; log {}", owner, (System.nanoTime() - began) / 1_000_000, daemon.pid(), started.get().registryBaseUrl(),
            started.get().clickhouseHttpUrl(), log);
        return started.get();
      }
      if (!daemon.isAlive()) {
        throw new IllegalStateException("the shared fixtures' daemon exited with code " + daemon.exitValue()
            + " before it was ready; see " + log);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        daemon.destroy();
        throw new IllegalStateException("interrupted while starting the shared fixtures", e);
      }
    }
    daemon.destroy();
    throw new IllegalStateException("the shared fixtures were not ready within " + START_TIMEOUT + "; see " + log);
  }

  /** The state the daemon wrote, if it is this run's. */
  static Optional<Addresses> read(Path state, long owner) throws IOException {
    if (!Files.exists(state)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(state)) {
      p.load(in);
    }
    if (!Long.toString(owner).equals(p.getProperty("owner"))) {
      return Optional.empty();
    }
    return Optional.of(new Addresses(p.getProperty("registry"), p.getProperty("clickhouse.http"),
        Integer.parseInt(p.getProperty("clickhouse.tcp"))));
  }

  /** Written by the daemon once both fixtures answer: replaced in one move, so a reader never sees half of it. */
  static void write(Path dir, long owner, Addresses a) throws IOException {
    Properties p = new Properties();
    p.setProperty("owner", Long.toString(owner));
    p.setProperty("daemon", Long.toString(ProcessHandle.current().pid()));
    p.setProperty("registry", a.registryBaseUrl());
    p.setProperty("clickhouse.http", a.clickhouseHttpUrl());
    p.setProperty("clickhouse.tcp", Integer.toString(a.clickhouseTcpPort()));
    Path tmp = dir.resolve(STATE_FILE + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      p.store(out, "the fixtures shared by the test JVMs of Maven run " + owner);
    }
    Files.move(tmp, dir.resolve(STATE_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static boolean answering(Addresses a) {
    try {
      new ClickHouseHttp(a.clickhouseHttpUrl()).query("SELECT 1");
      HttpResponse<Void> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(a.registryBaseUrl() + "/apis/ccompat/v7/subjects")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding());
      return health.statusCode() == 200;
    } catch (IOException | RuntimeException e) {
      LOG.warn("The shared fixtures of this run do not answer ({}); starting them again", e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
