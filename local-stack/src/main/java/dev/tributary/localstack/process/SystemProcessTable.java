package dev.tributary.localstack.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads {@code /proc}; falls back to {@link ProcessHandle.Info} elsewhere. Stateless and thread-safe. */
final class SystemProcessTable implements ProcessTable {

  static final SystemProcessTable INSTANCE = new SystemProcessTable();
  private static final Path PROC = Path.of("/proc");

  private SystemProcessTable() {}

  @Override
  public Optional<LiveProcess> find(long pid) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return Optional.empty();
    }
    Path dir = PROC.resolve(Long.toString(pid));
    if (Files.isDirectory(dir)) {
      try {
        String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
        Optional<ProcStat> parsed = ProcStat.parse(stat);
        if (parsed.isEmpty() || parsed.get().zombie()) {
          return Optional.empty();
        }
        String bootId = Files.readString(PROC.resolve("sys/kernel/random/boot_id"), StandardCharsets.UTF_8).strip();
        String cmdline = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8)
            .replace('\0', ' ').strip();
        return Optional.of(new LiveProcess(pid, bootId + "/" + parsed.get().startTicks(), cmdline));
      } catch (IOException | RuntimeException e) {
        // gone between the checks, or /proc is not what we expect: ask the JDK
      }
    }
    ProcessHandle.Info info = handle.get().info();
    String token = info.startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("");
    return Optional.of(new LiveProcess(pid, token, info.commandLine().orElse("")));
  }

  /**
   * The fields of {@code /proc/<pid>/stat} we need: the state (field 3) and the start time in
   * clock ticks since boot (field 22). The command name (field 2) is in parentheses and may hold
   * spaces and parentheses itself, so fields are counted after the last {@code ')'}.
   */
  record ProcStat(char state, long startTicks) {

    boolean zombie() {
      return state == 'Z' || state == 'X';
    }

    static Optional<ProcStat> parse(String stat) {
      int close = stat.lastIndexOf(')');
      if (close < 0) {
        return Optional.empty();
      }
      String[] rest = stat.substring(close + 1).trim().split("\\s+");
      // rest[0] is field 3 (state), so field 22 is rest[19]
      if (rest.length < 20 || rest[0].length() != 1) {
        return Optional.empty();
      }
      try {
        return Optional.of(new ProcStat(rest[0].charAt(0), Long.parseLong(rest[19])));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }
}
