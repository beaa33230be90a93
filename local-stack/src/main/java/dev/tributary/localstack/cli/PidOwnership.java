package dev.tributary.localstack.cli;

import dev.tributary.localstack.process.ProcessTable.LiveProcess;
import dev.tributary.localstack.process.ProcessTable;
import dev.tributary.localstack.service.PipelineService;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a pid in {@code .tributary/pids} still names a process this stack started.
 * After a machine crash the file outlives its processes and the OS hands their pids to others
 * (or a process of ours lingers as a zombie), so a live pid alone proves nothing: the process must
 * be alive, have the start token recorded with its pid (when one was recorded) and a command line
 * that fits its name. {@code up} refuses to start only over processes that are ours; {@code down}
 * signals only those.
 *
 * <p>Immutable and thread-safe when its {@link ProcessTable} is.
 */
public final class PidOwnership {

  /** Text each non-service process's command line contains. */
  private static final Map<String, String> MARKERS = Map.of(
      "cli", TributaryCli.class.getName(),
      "kafka", "kafka.Kafka",
      "registry", "apicurio",
      "clickhouse", "clickhouse");

  private final ProcessTable table;

  public PidOwnership(ProcessTable table) {
    this.table = table;
  }

  /** The pid file entry for a process just started (or this JVM), with its start token. */
  public PidFile.Entry entry(String name, long pid) {
    return new PidFile.Entry(name, pid, table.find(pid).map(LiveProcess::startToken).orElse(""));
  }

  /** Whether {@code entry} names a live process that is the one recorded. */
  public boolean isOurs(PidFile.Entry entry) {
    Optional<LiveProcess> live = table.find(entry.pid());
    if (live.isEmpty()) {
      return false;
    }
    if (!entry.startToken().isEmpty() && !entry.startToken().equals(live.get().startToken())) {
      return false; // the pid was reused
    }
    String commandLine = live.get().commandLine();
    return commandLine.isEmpty() || commandLine.contains(marker(entry.name()));
  }

  /** The first entry that is still ours, if any: a stack from this file is still running. */
  public Optional<PidFile.Entry> firstRunning(List<PidFile.Entry> entries) {
    return entries.stream().filter(this::isOurs).findFirst();
  }

  /** What the command line of the process called {@code name} contains; empty for a name we do not know. */
  static String marker(String name) {
    return PipelineService.byProcessName(name).map(PipelineService::mainClass)
        .orElseGet(() -> MARKERS.getOrDefault(name, ""));
  }
}
