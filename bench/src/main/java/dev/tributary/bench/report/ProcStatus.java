package dev.tributary.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Resident memory of a process from {@code /proc/<pid>/status} ({@code VmRSS}, in KiB): what the
 * process really holds, as opposed to a JVM's configured heap; its CPU time so far; the machine's
 * load average. Stateless and thread-safe.
 */
public final class ProcStatus {

  private ProcStatus() {}

  /** {@code VmRSS} in KiB from the text of a status file, empty when absent. */
  public static OptionalLong vmRssKib(String statusText) {
    for (String line : statusText.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
        try {
          return OptionalLong.of(Long.parseLong(parts[0]));
        } catch (NumberFormatException e) {
          return OptionalLong.empty();
        }
      }
    }
    return OptionalLong.empty();
  }

  /** {@code VmRSS} of a live process in KiB, or -1 when it is gone or unreadable. */
  public static long vmRssKib(long pid) {
    try {
      return vmRssKib(Files.readString(Path.of("/proc", Long.toString(pid), "status"))).orElse(-1);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * CPU time (user + system, all threads) a live process has used since it started, in nanoseconds,
   * or -1 when it is gone or the platform does not report it. Unlike wall-clock rates, CPU time per
   * unit of work hardly moves when other processes share the cores.
   */
  public static long cpuNanos(long pid) {
    return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(java.time.Duration::toNanos).orElse(-1L);
  }

  /** The 1-minute load average from the text of {@code /proc/loadavg}, NaN when unreadable. */
  public static double loadAverage1m(String loadavgText) {
    try {
      return Double.parseDouble(loadavgText.trim().split("\\s+")[0]);
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /** This machine's 1-minute load average, NaN when {@code /proc/loadavg} is unreadable. */
  public static double loadAverage1m() {
    try {
      return loadAverage1m(Files.readString(Path.of("/proc/loadavg")));
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
