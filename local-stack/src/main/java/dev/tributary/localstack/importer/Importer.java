package dev.tributary.localstack.importer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.localstack.importer.BatchAnswer.Acknowledged;
import dev.tributary.localstack.importer.BatchAnswer.ItemError;
import dev.tributary.localstack.importer.BatchAnswer.Refused;
import dev.tributary.localstack.importer.BatchAnswer.RetryLater;
import dev.tributary.localstack.importer.ImportSummary.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The backfill protocol: read the file from its checkpoint, send batches of events, and move the
 * checkpoint only after a batch is settled — the server answered 2xx (or listed every item as
 * rejected) and the rejected lines are in the rejects file. So after Ctrl-C or a crash a resumed run
 * never resends an acknowledged batch; the one window left (a crash after the answer and before the
 * checkpoint's rename) resends one batch with the same deterministic event ids, which the warehouse
 * keeps once. The stop condition is checked between batches, so stopping always leaves a checkpoint
 * at a batch boundary.
 *
 * <p>Pure protocol over ports ({@link BatchSender}, {@link CheckpointStore}, {@link RejectSink}, {@link Ticker});
 * it reads the file itself. Not thread-safe: one run at a time.
 */
public final class Importer {

  /** Time, for pacing and backoff (a fake in tests). */
  public interface Ticker {
    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;

    /** The system clock and {@link Thread#sleep}. */
    Ticker SYSTEM = new Ticker() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
      }
    };
  }

  /**
   * How to import.
   *
   * @param mapSpec the CSV {@code --map}; empty maps each column to the field of its name
   * @param rate events per second, 0 for no limit
   * @param maxRetries consecutive failed attempts of one batch before giving up
   */
  public record Settings(ImportFormat format, String mapSpec, int batchSize, double rate, int maxRetries,
      Duration maxBackoff) {
    public Settings {
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(mapSpec, "mapSpec");
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be at least 1");
      }
    }
  }

  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

  private final Path file;
  private final Settings settings;
  private final BatchSender sender;
  private final CheckpointStore checkpoints;
  private final RejectSink rejects;
  private final Ticker ticker;
  private final Consumer<Progress> progress;

  public Importer(Path file, Settings settings, BatchSender sender, CheckpointStore checkpoints, RejectSink rejects,
      Ticker ticker, Consumer<Progress> progress) {
    this.file = Objects.requireNonNull(file, "file");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
    this.rejects = Objects.requireNonNull(rejects, "rejects");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /**
   * Imports until the file is settled, {@code stop} says so (checked before each batch), or the
   * server refuses.
   *
   * @throws ImportException the file cannot be read, the mapping does not fit it, or the checkpoint is for another content
   * @throws IOException the checkpoint or rejects file cannot be written
   */
  public ImportSummary run(BooleanSupplier stop) throws ImportException, IOException {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new ImportException("cannot read " + file + ": not a readable file");
    }
    long total = LineReader.countLines(file);
    LineParser parser = parser();
    long firstDataLine = settings.format() == ImportFormat.CSV ? 2 : 1;
    Pacer pacer = new Pacer(settings.rate());
    long started = ticker.nanoTime();
    try (LineReader reader = openFromCheckpoint()) {
      if (reader.nextLine() < firstDataLine) {
        reader.next(); // the CSV header
      }
      long skipped = reader.nextLine() - firstDataLine;
      long firstLine = reader.nextLine();
      long sent = 0;
      long accepted = 0;
      long rejected = 0;
      long batches = 0;
      boolean atEnd = false;
      while (!atEnd) {
        if (stop.getAsBoolean()) {
          return new ImportSummary(Outcome.STOPPED, sent, accepted, rejected, skipped, batches, "");
        }
        List<ParsedLine.Event> events = new ArrayList<>();
        List<ParsedLine.Unreadable> unreadable = new ArrayList<>();
        long linesBefore = reader.nextLine();
        while (events.size() < settings.batchSize()) {
          LineReader.Line line = reader.next();
          if (line == null) {
            atEnd = true;
            break;
          }
          ParsedLine parsed = line.text() == null
              ? new ParsedLine.Unreadable(line.number(), new String(line.bytes(), java.nio.charset.StandardCharsets.UTF_8),
                  "utf8", "the line is not valid UTF-8")
              : parser.parse(line.number(), line.text());
          if (parsed instanceof ParsedLine.Event e) {
            events.add(e);
          } else if (parsed instanceof ParsedLine.Unreadable u) {
            unreadable.add(u);
          }
        }
        if (reader.nextLine() == linesBefore) {
          break;
        }
        List<Reject> batchRejects = new ArrayList<>();
        unreadable.forEach(u -> batchRejects.add(new Reject(u.line(), "$", u.rule(), u.message(), u.raw())));
        if (!events.isEmpty()) {
          long wait = pacer.delayNanos(events.size(), ticker.nanoTime());
          if (wait > 0 && !sleep(Duration.ofNanos(wait))) {
            return new ImportSummary(Outcome.STOPPED, sent, accepted, rejected, skipped, batches, "");
          }
          BatchAnswer answer = sendWithRetries(events, stop);
          if (answer == null) {
            return new ImportSummary(Outcome.STOPPED, sent, accepted, rejected, skipped, batches, "");
          }
          if (!(answer instanceof Acknowledged ack)) {
            return new ImportSummary(Outcome.GAVE_UP, sent, accepted, rejected, skipped, batches,
                describe(answer, events));
          }
          sent += events.size();
          accepted += ack.accepted();
          for (ItemError error : ack.rejected()) {
            if (error.index() < 0 || error.index() >= events.size()) {
              throw new IOException("the server rejected item " + error.index() + " of a batch of " + events.size());
            }
            ParsedLine.Event e = events.get(error.index());
            batchRejects.add(new Reject(e.line(), error.field(), error.rule(), error.message(), e.raw()));
          }
        }
        batchRejects.sort(Comparator.comparingLong(Reject::line));
        for (Reject r : batchRejects) {
          rejects.reject(r.line(), r.field(), r.rule(), r.message(), r.raw());
        }
        rejected += batchRejects.size();
        rejects.flush();
        checkpoints.save(new Checkpoint(file.getFileName().toString(), reader.nextLine(), reader.offset(),
            reader.prefixHash(), Files.size(file), Files.getLastModifiedTime(file).toMillis()));
        batches++;
        progress.accept(new Progress(reader.nextLine() - 1, total, reader.nextLine() - firstLine, sent,
            ticker.nanoTime() - started));
      }
      return new ImportSummary(Outcome.COMPLETED, sent, accepted, rejected, skipped, batches, "");
    }
  }

  private record Reject(long line, String field, String rule, String message, String raw) {}

  private LineParser parser() throws ImportException {
    if (settings.format() == ImportFormat.JSONL) {
      if (!settings.mapSpec().isEmpty()) {
        throw new ImportException("--map applies to CSV files only (this import reads JSON lines)");
      }
      return LineParser.jsonLines();
    }
    try (LineReader reader = LineReader.open(file)) {
      LineReader.Line header = reader.next();
      if (header == null || header.text() == null || header.text().isBlank()) {
        throw new ImportException(file + ": a CSV file starts with a header line naming its columns");
      }
      return LineParser.csv(FieldMapping.parse(settings.mapSpec(), CsvRecord.parse(header.text())));
    } catch (CsvRecord.CsvException e) {
      throw new ImportException(file + " line 1 (the CSV header): " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ImportException(e.getMessage(), e);
    } catch (IOException e) {
      throw new ImportException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private LineReader openFromCheckpoint() throws ImportException, IOException {
    Optional<Checkpoint> saved = checkpoints.load();
    if (saved.isEmpty()) {
      return LineReader.open(file);
    }
    Checkpoint cp = saved.get();
    String name = file.getFileName().toString();
    if (!cp.file().equals(name)) {
      throw new ImportException("the checkpoint is for '" + cp.file() + "', not '" + name
          + "'; pass another --checkpoint, or delete it to start over");
    }
    if (Files.size(file) < cp.offset()) {
      throw new ImportException(changed(cp, "it is now shorter than the " + cp.offset() + " bytes already imported"));
    }
    LineReader reader = LineReader.openAt(file, cp.offset(), cp.nextLine());
    if (!reader.prefixHash().equals(cp.prefixSha256())) {
      reader.close();
      throw new ImportException(changed(cp, "the first " + cp.offset() + " bytes (lines 1.." + (cp.nextLine() - 1)
          + ") differ from what was imported"));
    }
    return reader;
  }

  private String changed(Checkpoint cp, String how) throws IOException {
    return file + " changed since its checkpoint (was " + cp.fileSize() + " bytes, modified at " + cp.mtimeMillis()
        + " ms; now " + Files.size(file) + " bytes): " + how + ". Delete the checkpoint to import the file from the"
        + " start: lines without an event id get the same content-derived id again, so those already imported are"
        + " kept once.";
  }

  /** The answer that settled the batch, a {@link Refused}/{@link RetryLater} to give up on, or null when stopped. */
  private BatchAnswer sendWithRetries(List<ParsedLine.Event> events, BooleanSupplier stop) {
    List<JsonNode> nodes = events.stream().map(ParsedLine.Event::event).toList();
    Duration backoff = FIRST_BACKOFF;
    BatchAnswer answer = null;
    for (int attempt = 1; attempt <= settings.maxRetries() + 1; attempt++) {
      try {
        answer = sender.send(nodes);
      } catch (Exception e) {
        answer = new RetryLater(Duration.ZERO, "no answer: " + e);
      }
      if (!(answer instanceof RetryLater retry) || attempt > settings.maxRetries()) {
        return answer;
      }
      Duration wait = retry.retryAfter().compareTo(backoff) > 0 ? retry.retryAfter() : backoff;
      backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff.multipliedBy(2);
      if (stop.getAsBoolean() || !sleep(wait)) {
        return null;
      }
    }
    return answer;
  }

  private boolean sleep(Duration duration) {
    try {
      ticker.sleep(duration);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private String describe(BatchAnswer answer, List<ParsedLine.Event> events) {
    String lines = "lines " + events.get(0).line() + ".." + events.get(events.size() - 1).line();
    if (answer instanceof Refused r) {
      return "the server refused the batch of " + lines + " with HTTP " + r.status() + ": " + r.message();
    }
    RetryLater r = (RetryLater) answer;
    return "gave up on the batch of " + lines + " after " + (settings.maxRetries() + 1) + " attempts; last: " + r.reason();
  }
}
