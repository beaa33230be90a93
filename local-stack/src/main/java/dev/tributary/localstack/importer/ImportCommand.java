package dev.tributary.localstack.importer;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code tributary import}: wires the {@link Importer} to HTTP, the checkpoint and rejects files and a
 * progress line on stderr; the summary goes to stdout. Exit codes: 0 completed, 2 bad arguments or an
 * unreadable/changed file, 1 gave up (server refused or kept failing), 130 stopped by Ctrl-C (resume by
 * running the same command again). The caller ({@code TributaryCli}) exits with the returned code.
 *
 * <p>Not thread-safe: one run per instance; {@link #requestStop()} may be called from a shutdown hook.
 */
public final class ImportCommand {

  /** Retries of one batch before giving up (≈ 4 minutes with the backoff cap). */
  static final int MAX_RETRIES = 12;
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final long PROGRESS_EVERY_NANOS = 500_000_000L;

  private final AtomicBoolean stop = new AtomicBoolean();

  /** Asks the run to stop after the batch in flight is settled and checkpointed. */
  public void requestStop() {
    stop.set(true);
  }

  /** Runs the import described by {@code args}; returns the exit code. */
  public int run(ImportArgs args, PrintStream out, PrintStream err) {
    Importer.Settings settings = new Importer.Settings(args.format(), args.mapSpec(), args.batchSize(), args.rate(),
        MAX_RETRIES, MAX_BACKOFF);
    if (!java.nio.file.Files.isRegularFile(args.file()) || !java.nio.file.Files.isReadable(args.file())) {
      err.println("tributary import: cannot read " + args.file() + ": not a readable file");
      return 2;
    }
    AtomicLong lastPrint = new AtomicLong(System.nanoTime() - PROGRESS_EVERY_NANOS);
    boolean[] printed = {false};
    err.println("tributary import: " + args.file() + " (" + args.format().name().toLowerCase(java.util.Locale.ROOT)
        + ") -> " + args.url() + "/v1/import; checkpoint " + args.checkpoint() + ", rejects " + args.rejects());
    try (RejectSink rejects = RejectSink.file(args.rejects())) {
      Importer importer = new Importer(args.file(), settings, new HttpBatchSender(args.url(), args.writeKey()),
          CheckpointStore.file(args.checkpoint()), rejects, Importer.Ticker.SYSTEM, p -> {
            long now = System.nanoTime();
            if (now - lastPrint.get() >= PROGRESS_EVERY_NANOS || p.linesDone() >= p.totalLines()) {
              lastPrint.set(now);
              err.print("\r" + p.line() + "   ");
              err.flush();
              printed[0] = true;
            }
          });
      ImportSummary summary = importer.run(stop::get);
      if (printed[0]) {
        err.println();
      }
      out.println(summary.line());
      if (summary.rejected() > 0) {
        out.println("rejected lines (line number, field, rule, message, raw line): " + args.rejects());
      }
      return switch (summary.outcome()) {
        case COMPLETED -> 0;
        case STOPPED -> {
          out.println("stopped; run the same command again to resume from " + args.checkpoint());
          yield 130;
        }
        case GAVE_UP -> 1;
      };
    } catch (ImportException e) {
      err.println("tributary import: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("tributary import: " + e.getMessage());
      return 1;
    }
  }
}
