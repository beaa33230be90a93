package dev.tributary.localstack.component;

import dev.tributary.localstack.process.Java;
import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.localstack.process.Readiness;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A standalone ZooKeeper server ({@code org.apache.zookeeper:zookeeper} from Maven Central, started as
 * {@code ZooKeeperServerMain zoo.cfg} in its own small JVM) on 127.0.0.1, for the replicated ClickHouse
 * cluster of the local stack and the tests: ClickHouse 18.16 has no built-in keeper. The JVM's class path
 * must hold the ZooKeeper jars and {@code metrics-core} (local-stack depends on both).
 *
 * <p>Thread-safe: {@link #close()} is idempotent.
 */
public final class ZooKeeperProcess implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final int port;
  private final ManagedProcess process;

  private ZooKeeperProcess(int port, ManagedProcess process) {
    this.port = port;
    this.process = process;
  }

  /**
   * Writes {@code zoo.cfg} into {@code dir} (data in {@code dir/data}, kept across restarts), starts the
   * server with a 96 MiB heap and waits until it serves requests ({@link #serving}).
   */
  public static ZooKeeperProcess start(Path dir, Path logFile, int port) {
    Path config = dir.resolve("zoo.cfg");
    Path logback = dir.resolve("logback-zookeeper.xml");
    Dirs.write(config, zooCfg(dir.resolve("data"), port));
    Dirs.write(logback, """
        <configuration>
          <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
          </appender>
          <root level="WARN"><appender-ref ref="OUT"/></root>
        </configuration>
        """);
    List<String> command = List.of(Java.current(), "-Xms32m", "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dlogback.configurationFile=" + logback.toAbsolutePath(), "-Dzookeeper.jmx.log4j.disable=true",
        "-cp", Java.currentClassPath(), "org.apache.zookeeper.server.ZooKeeperServerMain",
        config.toAbsolutePath().toString());
    ManagedProcess process = ManagedProcess.start("zookeeper", command, dir, logFile, Map.of(), STOP_GRACE);
    try {
      Readiness.await("ZooKeeper on 127.0.0.1:" + port, process, READY_TIMEOUT, Duration.ofMillis(100),
          () -> serving(fourLetterWord(port, "srvr")));
    } catch (RuntimeException e) {
      process.stop();
      throw e;
    }
    return new ZooKeeperProcess(port, process);
  }

  /** The server's {@code zoo.cfg}: standalone, loopback only, no admin server, {@code ruok} and {@code srvr} allowed. */
  static String zooCfg(Path dataDir, int port) {
    return String.join("\n",
        "# written by tributary local-stack on every start",
        "tickTime=500",
        "initLimit=10",
        "syncLimit=5",
        "dataDir=" + dataDir.toAbsolutePath(),
        "clientPort=" + port,
        "clientPortAddress=127.0.0.1",
        "maxClientCnxns=0",
        "admin.enableServer=false",
        "4lw.commands.whitelist=ruok,srvr",
        "autopurge.purgeInterval=1",
        "") ;
  }

  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:<port>}. */
  public String connectString() {
    return "127.0.0.1:" + port;
  }

  public ManagedProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.stop();
  }

  /**
   * Whether {@code srvrAnswer}, the answer to the {@code srvr} command, comes from a server that serves
   * requests: it then names its mode. {@code ruok} is not enough: it answers {@code imok} as soon as the
   * port is bound, while a server that still loads its database from disk refuses every session, and
   * ClickHouse 18.16 does not start when it cannot reach ZooKeeper while it loads its replicated tables
   * (seen on every {@code bin/tributary up --cluster} over an existing data directory).
   */
  static boolean serving(String srvrAnswer) {
    return srvrAnswer.lines().anyMatch(line -> line.startsWith("Mode: "));
  }

  private static String fourLetterWord(int port, String word) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write(word.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
    }
  }
}
