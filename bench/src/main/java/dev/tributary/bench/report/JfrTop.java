package dev.tributary.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hottest methods of a JFR recording ({@code jdk.ExecutionSample}): by self time (top frame)
 * and by total time (anywhere on the stack), as % of all samples — what {@code --profile} prints so
 * a missed target comes with its biggest cost. Stateless and thread-safe.
 */
public final class JfrTop {

  private JfrTop() {}

  /** The {@code limit} hottest methods of {@code recording} by self and by total samples. */
  public static String summarise(Path recording, int limit) throws IOException {
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    int samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
        continue;
      }
      List<RecordedFrame> frames = e.getStackTrace().getFrames();
      if (frames.isEmpty()) {
        continue;
      }
      samples++;
      self.merge(name(frames.get(0).getMethod()), 1, Integer::sum);
      Set<String> once = new HashSet<>();
      for (RecordedFrame f : frames) {
        String n = name(f.getMethod());
        if (once.add(n)) {
          total.merge(n, 1, Integer::sum);
        }
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(recording.getFileName()).append(": ").append(samples).append(" execution samples\n");
    out.append("  self:\n");
    top(out, self, samples, limit, null);
    out.append("  total (Tributary code only):\n");
    top(out, total, samples, limit, "dev.tributary.");
    return out.toString();
  }

  static String name(RecordedMethod m) {
    return m == null ? "?" : m.getType().getName() + "." + m.getName();
  }

  static void top(StringBuilder out, Map<String, Integer> counts, int samples, int limit, String prefix) {
    counts.entrySet().stream()
        .filter(e -> prefix == null || e.getKey().startsWith(prefix))
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(limit)
        .forEach(e -> out.append(String.format(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples),
            e.getKey())));
  }
}
