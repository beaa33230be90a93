package dev.tributary.localstack.cli;

import dev.tributary.localstack.process.Http;
import dev.tributary.localstack.process.Ports;
import dev.tributary.localstack.process.Stopper;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tributary status} and {@code tributary down} for a stack started by another
 * {@code tributary up}, found through the pid file. Stateless and thread-safe.
 */
public final class StackStatus {

  /** Text each process's command line contains, to avoid signalling a recycled pid. */
  private static final Map<String, String> MARKERS = Map.of(
      "cli", "java", "kafka", "kafka.Kafka", "registry", "apicurio", "apicurio-registry", "apicurio",
      "clickhouse", "clickhouse", "ingest", "dev.tributary.ingest", "streams", "dev.tributary.streams",
      "sink", "dev.tributary.sink");

  private StackStatus() {}

  /** Prints every process with its state, and whether each endpoint answers; returns 0 if all are up. */
  public static int status(StackLayout layout, PrintStream out) {
    List<PidFile.Entry> entries = PidFile.read(layout.pidFile());
    if (entries.isEmpty()) {
      out.println("No local stack is running (no " + layout.pidFile() + ").");
      return 1;
    }
    boolean allUp = true;
    out.println("Processes (" + layout.pidFile() + "):");
    for (PidFile.Entry e : entries) {
      boolean alive = ours(e);
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
    return allUp ? 0 : 1;
  }

  /**
   * Stops the stack: SIGTERM to the {@code up} process (whose shutdown hook stops everything in
   * reverse order), then stops whatever is left, in reverse start order.
   */
  public static int down(StackLayout layout, PrintStream out) {
    List<PidFile.Entry> entries = PidFile.read(layout.pidFile());
    if (entries.isEmpty()) {
      out.println("No local stack is running (no " + layout.pidFile() + ").");
      return 0;
    }
    Optional<PidFile.Entry> cli = entries.stream().filter(e -> e.name().equals("cli")).findFirst();
    if (cli.isPresent() && ours(cli.get()) && cli.get().pid() != ProcessHandle.current().pid()) {
      out.println("Stopping the 'tributary up' process (pid " + cli.get().pid() + ") and everything it started ...");
      Stopper.stopPid(cli.get().pid(), "tributary up", Duration.ofSeconds(180));
    }
    List<PidFile.Entry> reversed = new ArrayList<>(entries);
    java.util.Collections.reverse(reversed);
    for (PidFile.Entry e : reversed) {
      if (!e.name().equals("cli") && ours(e)) {
        out.println("Stopping " + e.name() + " (pid " + e.pid() + ") ...");
        Stopper.stopPid(e.pid(), e.name(), Duration.ofSeconds(30));
      }
    }
    new PidFile(layout.pidFile()).delete();
    out.println("Local stack stopped.");
    return 0;
  }

  private static boolean ours(PidFile.Entry e) {
    Optional<ProcessHandle> handle = ProcessHandle.of(e.pid());
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return false;
    }
    String marker = MARKERS.getOrDefault(e.name(), "");
    return commandLine(handle.get()).map(c -> c.contains(marker)).orElse(true);
  }

  /** The full command line: /proc has it all, while ProcessHandle.Info cuts it at 4 KiB (long class paths). */
  private static Optional<String> commandLine(ProcessHandle handle) {
    try {
      byte[] raw = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc", Long.toString(handle.pid()), "cmdline"));
      return Optional.of(new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' '));
    } catch (java.io.IOException | RuntimeException ex) {
      return handle.info().commandLine();
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
