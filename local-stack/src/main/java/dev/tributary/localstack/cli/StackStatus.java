package dev.tributary.localstack.cli;

import dev.tributary.localstack.process.Http;
import dev.tributary.localstack.process.Ports;
import dev.tributary.localstack.process.ProcessTable;
import dev.tributary.localstack.process.Stopper;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code tributary status} and {@code tributary down} for a stack started by another
 * {@code tributary up}, found through the pid file. Stateless and thread-safe.
 */
public final class StackStatus {

  private static final Duration UP_STOP_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration SIGNAL_GRACE = Duration.ofSeconds(30);

  private StackStatus() {}

  /** Prints every process with its state, and whether each endpoint answers; returns 0 if all are up. */
  public static int status(StackLayout layout, PrintStream out) {
    PidOwnership ownership = new PidOwnership(ProcessTable.system());
    List<PidFile.Entry> entries = PidFile.read(layout.pidFile());
    if (entries.isEmpty()) {
      out.println("No local stack is running (no " + layout.pidFile() + ").");
      return 1;
    }
    boolean allUp = true;
    out.println("Processes (" + layout.pidFile() + "):");
    for (PidFile.Entry e : entries) {
      boolean alive = ownership.isOurs(e);
      allUp &= alive;
      String log = e.name().equals("cli") ? "" : "  log " + layout.logFile(e.name());
      out.printf("  %-11s pid %-8d %-8s%s%n", e.name(), e.pid(), alive ? "running" : "DEAD", log);
    }
    StackPorts ports = layout.loadPorts();
    out.println("Endpoints:");
    allUp &= endpoint(out, "kafka", "localhost:" + ports.kafka(), Ports.isListening("127.0.0.1", ports.kafka()));
    String registry = "http://127.0.0.1:" + ports.registry() + "/apis/ccompat/v7";
    allUp &= endpoint(out, "registry", registry, httpOk(registry + "/subjects"));
    String ch = "http://127.0.0.1:" + ports.clickhouseHttp();
    allUp &= endpoint(out, "clickhouse", ch + "  (clickhouse-client --port " + ports.clickhouseTcp() + ")", httpOk(ch + "/ping"));
    if (entries.stream().anyMatch(e -> e.name().equals("ingest"))) {
      allUp &= endpoint(out, "ingest", "http://localhost:" + ports.ingest(), Ports.isListening("127.0.0.1", ports.ingest()));
    }
    if (entries.stream().anyMatch(e -> e.name().equals("console"))) {
      String console = "http://127.0.0.1:" + ports.console() + "/";
      allUp &= endpoint(out, "console", console, httpOk(console + "healthz"));
    }
    return allUp ? 0 : 1;
  }

  /**
   * Stops the stack: asks the {@code up} process to stop everything it started (it then exits 0),
   * SIGTERM to it if it has not stopped within 180 s, then stops whatever
   * of ours is left, in reverse start order.
   */
  public static int down(StackLayout layout, PrintStream out) {
    PidOwnership ownership = new PidOwnership(ProcessTable.system());
    List<PidFile.Entry> entries = PidFile.read(layout.pidFile());
    if (entries.isEmpty()) {
      out.println("No local stack is running (no " + layout.pidFile() + ").");
      return 0;
    }
    Optional<PidFile.Entry> cli = entries.stream().filter(e -> e.name().equals("cli")).findFirst();
    if (cli.isPresent() && ownership.isOurs(cli.get()) && cli.get().pid() != ProcessHandle.current().pid()) {
      long pid = cli.get().pid();
      out.println("Asking the 'tributary up' process (pid " + pid + ") to stop everything it started ...");
      layout.requestStop();
      if (!awaitExit(pid, UP_STOP_TIMEOUT)) {
        out.println("It did not stop within " + UP_STOP_TIMEOUT.toSeconds() + " s; sending SIGTERM ...");
        Stopper.stopPid(pid, "tributary up", SIGNAL_GRACE);
      }
    }
    List<PidFile.Entry> reversed = new ArrayList<>(entries);
    java.util.Collections.reverse(reversed);
    for (PidFile.Entry e : reversed) {
      if (!e.name().equals("cli") && ownership.isOurs(e)) {
        out.println("Stopping " + e.name() + " (pid " + e.pid() + ") ...");
        Stopper.stopPid(e.pid(), e.name(), SIGNAL_GRACE);
      }
    }
    new PidFile(layout.pidFile()).delete();
    layout.clearStopRequest();
    out.println("Local stack stopped.");
    return 0;
  }

  private static boolean awaitExit(long pid, Duration timeout) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty()) {
      return true;
    }
    try {
      handle.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !handle.get().isAlive();
    } catch (ExecutionException | TimeoutException e) {
      return !handle.get().isAlive();
    }
  }

  private static boolean endpoint(PrintStream out, String name, String url, boolean ok) {
    out.printf("  %-11s %-8s %s%n", name, ok ? "up" : "DOWN", url);
    return ok;
  }

  private static boolean httpOk(String url) {
    try {
      return Http.get(url, Duration.ofSeconds(3)).statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }
}
