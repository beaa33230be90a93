package dev.tributary.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Resident memory of a process from {@code /proc/<pid>/status} ({@code VmRSS}, in KiB): what the
 * process really holds, as opposed to a JVM's configured heap. Stateless and thread-safe.
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
}
