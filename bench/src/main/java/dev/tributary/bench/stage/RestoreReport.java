package dev.tributary.bench.stage;

import dev.tributary.bench.report.TextTable;
import dev.tributary.bench.restore.RestoreModel;
import dev.tributary.streams.config.RecoverySettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The tables {@code bin/bench --restore} prints: per size, the stores and both restarts; the costs
 * fitted to the restarts without local state; and the projection of the dedupe store's restore at
 * 50,000 and 1,000,000 events/s. Pure; thread-safe.
 */
public final class RestoreReport {

  /** How long one partition's full restore may take in the projection's last column. */
  static final Duration TARGET = Duration.ofMinutes(5);

  /**
   * The costs fitted to the restarts without local state (x = restored records).
   *
   * @param seconds wall seconds to RUNNING
   * @param cpu CPU seconds to RUNNING
   * @param bytesPerId dedupe changelog bytes per id, of the largest size
   */
  public record Fit(RestoreModel.Line seconds, RestoreModel.Line cpu, double bytesPerId) {}

  private RestoreReport() {}

  public static Fit fit(List<RestoreStage.Size> sizes) {
    double[] x = sizes.stream().mapToDouble(s -> s.lost().restoredRecords()).toArray();
    RestoreStage.Size largest = sizes.get(sizes.size() - 1);
    return new Fit(RestoreModel.Line.fit(x, sizes.stream().mapToDouble(s -> s.lost().seconds()).toArray()),
        RestoreModel.Line.fit(x, sizes.stream().mapToDouble(s -> s.lost().cpuSeconds()).toArray()),
        largest.dedupeIds() == 0 ? Double.NaN : (double) largest.dedupeChangelogBytes() / largest.dedupeIds());
  }

  public static String render(List<RestoreStage.Size> sizes, String loadAverage) {
    TextTable t = new TextTable("events", "ids in dedupe store", "dedupe changelog", "all changelogs",
        "clean restart: s / CPU s / restored", "after SIGKILL: s / CPU s / restored",
        "no local state: s / CPU s / restored", "restore records/s", "restore CPU per record");
    for (RestoreStage.Size s : sizes) {
      double extraSeconds = s.lost().seconds() - s.clean().seconds();
      double extraCpu = s.lost().cpuSeconds() - s.clean().cpuSeconds();
      t.row(count(s.events()), count(s.dedupeIds()),
          String.format(Locale.ROOT, "%s (%.0f B/id)", bytes(s.dedupeChangelogBytes()),
              (double) s.dedupeChangelogBytes() / Math.max(1, s.dedupeIds())),
          count(s.changelogRecords()) + " rec, " + bytes(s.changelogBytes()),
          restart(s.clean()), restart(s.crashed()), restart(s.lost()),
          String.format(Locale.ROOT, "%,.0f/s", s.lost().restoredRecords() / extraSeconds),
          String.format(Locale.ROOT, "%.2f µs", extraCpu / Math.max(1, s.lost().restoredRecords()) * 1e6));
    }
    StringBuilder text = new StringBuilder();
    text.append("Restart cost of transform-streams (three partitions, one instance, default settings; the restore")
        .append(" columns take the clean restart's time and CPU off the restart without local state; load average ")
        .append(loadAverage).append(")\n").append(t.render());
    text.append("\nChangelog records per store (largest size): ").append(new java.util.TreeMap<>(sizes.get(sizes.size() - 1).recordsByChangelog()))
        .append('\n');
    if (sizes.size() < 2) {
      return text.toString();
    }
    Fit fit = fit(sizes);
    text.append(String.format(Locale.ROOT, "%nFitted to the restarts without local state (x = restored records):"
            + "%n  time to RUNNING = %.1f s + %.2f µs per record (%,.0f records/s)"
            + "%n  CPU to RUNNING  = %.1f s + %.2f µs per record%n  dedupe changelog: %.0f bytes per id%n",
        fit.seconds().intercept(), fit.seconds().slope() * 1e6, 1 / fit.seconds().slope(), fit.cpu().intercept(),
        fit.cpu().slope() * 1e6, fit.bytesPerId()));
    if (fit.seconds().slope() <= 0 || fit.cpu().slope() <= 0) {
      // a negative cost per record is start-up noise larger than the restores: say so instead of projecting it
      text.append("\nNo projection: at these sizes the restores cost less than the start-up's run-to-run noise (a")
          .append(" slope <= 0); run larger sizes (--restore-sizes) on a quieter machine\n");
      return text.toString();
    }
    text.append(projection(fit));
    return text.toString();
  }

  /** The dedupe store's full restore at the issue's rates, from the fitted costs per record. */
  static String projection(Fit fit) {
    TextTable p = new TextTable("events/s", "dedupe settings", "ids in window", "ids the changelog replays",
        "changelog", "restore CPU", "restore on one instance", "partitions for <= " + TARGET.toMinutes() + " min each");
    for (RestoreModel.Scenario s : RestoreModel.issueScenarios(RecoverySettings.DEFAULT_DEDUPE_CHANGELOG_EXTRA_RETENTION)) {
      RestoreModel.Projection r = RestoreModel.project(s, fit.bytesPerId(), fit.cpu().slope(), fit.seconds().slope(),
          TARGET);
      p.row(String.format(Locale.ROOT, "%,.0f", s.eventsPerSecond()), s.label(), billions(r.windowIds()),
          billions(r.changelogIds()), String.format(Locale.ROOT, "%,.0f GiB", r.changelogBytes() / (1L << 30)),
          hours(r.cpuSeconds()), hours(r.wallSeconds()), String.format(Locale.ROOT, "%,d", r.partitionsForTarget()));
    }
    return "\nProjection: a full restore of the dedupe store (no standby, local state lost), at the fitted cost per"
        + " record; one instance restores its partitions one after another, so a partition's restore time is"
        + " its share of the ids\n" + p.render();
  }

  private static String restart(RestoreStage.Restart r) {
    return String.format(Locale.ROOT, "%.1f / %.1f / %,d", r.seconds(), r.cpuSeconds(), r.restoredRecords());
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String bytes(long b) {
    return String.format(Locale.ROOT, "%.1f MiB", b / 1048576.0);
  }

  private static String billions(double n) {
    return String.format(Locale.ROOT, "%.2f bn", n / 1e9);
  }

  private static String hours(double seconds) {
    return seconds >= 3600 ? String.format(Locale.ROOT, "%.1f h", seconds / 3600)
        : String.format(Locale.ROOT, "%.0f min", seconds / 60);
  }
}
