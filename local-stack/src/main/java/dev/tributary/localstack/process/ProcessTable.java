package dev.tributary.localstack.process;

import java.util.Optional;

/**
 * What the operating system says about a live process: a start token that tells two processes
 * with the same pid apart, and its command line. A port, so that the rule deciding whether a pid
 * found in a pid file is still ours is tested against a fake table.
 *
 * <p>Implementations are thread-safe.
 */
public interface ProcessTable {

  /**
   * A live process.
   *
   * @param startToken identifies this process among all that ever had its pid (on Linux the boot
   *     id and the start time in clock ticks since boot); empty when the OS does not say
   * @param commandLine the full command line, arguments separated by spaces; empty when unknown
   */
  record LiveProcess(long pid, String startToken, String commandLine) {}

  /** The live process with this pid, or empty when there is none (or it is a zombie). */
  Optional<LiveProcess> find(long pid);

  /** The table of this machine: Linux {@code /proc} where present, else {@link ProcessHandle}. */
  static ProcessTable system() {
    return SystemProcessTable.INSTANCE;
  }
}
