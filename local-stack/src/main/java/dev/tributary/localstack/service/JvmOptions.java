package dev.tributary.localstack.service;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags a service is started with (heap, GC, headless, profiling). Callers start from one
 * of the presets and add their own, so the flags differ only where a caller says why.
 *
 * <p>Immutable value; thread-safe.
 */
public record JvmOptions(List<String> flags) {

  /**
   * The local stack's and the bench's services: a 256 MiB heap. Under the end-to-end bench's full load the
   * streams process held about 60 MiB of live heap; a 512 MiB heap only let G1 grow to 390 MiB of mostly
   * garbage. The streams stage ran as fast with 256 MiB (7,658 events/s, 155 µs of CPU per event, against
   * 7,345/s and 152 µs; docs/PERFORMANCE.md, "Memory").
   */
  public static final JvmOptions DEFAULT = new JvmOptions(List.of("-Xms64m", "-Xmx256m", "-Djava.awt.headless=true"));

  /**
   * Small and quick to start, for tests that restart services many times on a shared 2-core
   * machine (the crash test): 256 MiB heap, serial GC, C1 only.
   */
  public static final JvmOptions SMALL = new JvmOptions(List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true"));

  public JvmOptions {
    flags = List.copyOf(flags);
    for (String flag : flags) {
      if (!flag.startsWith("-")) {
        throw new IllegalArgumentException("a JVM flag starts with '-': " + flag);
      }
    }
  }

  /** These flags followed by {@code more} (a later flag wins in the JVM, e.g. a second {@code -Xmx}). */
  public JvmOptions plus(String... more) {
    List<String> all = new ArrayList<>(flags);
    all.addAll(List.of(more));
    return new JvmOptions(all);
  }
}
