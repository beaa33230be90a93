package dev.tributary.localstack.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImporterTest {

  @TempDir
  Path dir;

  /** A JVM dying mid-run: not an Exception, so nothing in the importer handles it. */
  static final class Crash extends Error {
    private static final long serialVersionUID = 1L;
  }

  /** The server: rejects events without user_id, remembers every acknowledged event id. */
  static final class FakeServer implements BatchSender {
    final List<String> acknowledged = new ArrayList<>();
    final List<List<String>> requests = new ArrayList<>();
    int crashOnRequest = -1;
    final List<BatchAnswer> scripted = new ArrayList<>();

    @Override
    public BatchAnswer send(List<JsonNode> events) {
      List<String> ids = events.stream().map(e -> e.path("event_id").asText()).toList();
      requests.add(ids);
      if (requests.size() == crashOnRequest) {
        throw new Crash();
      }
      if (!scripted.isEmpty()) {
        BatchAnswer next = scripted.remove(0);
        if (!(next instanceof BatchAnswer.Acknowledged)) {
          return next;
        }
      }
      List<BatchAnswer.ItemError> errors = new ArrayList<>();
      long accepted = 0;
      for (int i = 0; i < events.size(); i++) {
        if (events.get(i).has("user_id")) {
          acknowledged.add(ids.get(i));
          accepted++;
        } else {
          errors.add(new BatchAnswer.ItemError(i, "user_id", "required", "an event needs user_id"));
        }
      }
      return new BatchAnswer.Acknowledged(accepted, errors);
    }
  }

  static final class FakeRejects implements RejectSink {
    final List<String> lines = new ArrayList<>();
    final List<String> pending = new ArrayList<>();

    @Override
    public void reject(long line, String field, String rule, String message, String raw) {
      pending.add(line + " " + field + " " + rule);
    }

    @Override
    public void flush() {
      lines.addAll(pending);
      pending.clear();
    }

    @Override
    public void close() {}
  }

  static final class FakeTicker implements Importer.Ticker {
    long now;
    final List<Duration> sleeps = new ArrayList<>();

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleep(Duration duration) {
      sleeps.add(duration);
      now += duration.toNanos();
    }
  }

  /** Checkpoints in a real file; {@code crashOnSave} makes the n-th save die before writing. */
  final class CrashingStore implements CheckpointStore {
    final CheckpointStore real = CheckpointStore.file(dir.resolve("cp"));
    int saves;
    int crashOnSave = -1;

    @Override
    public Optional<Checkpoint> load() throws IOException {
      return real.load();
    }

    @Override
    public void save(Checkpoint checkpoint) throws IOException {
      if (++saves == crashOnSave) {
        throw new Crash();
      }
      real.save(checkpoint);
    }
  }

  private final FakeServer server = new FakeServer();
  private final FakeRejects rejects = new FakeRejects();
  private final FakeTicker ticker = new FakeTicker();

  @Test
  void shouldSendEveryEventOnceAcrossACrashMidFile() throws Exception {
    Path file = jsonLines(100, 13, 57);
    CrashingStore store = new CrashingStore();
    server.crashOnRequest = 4;

    assertThatThrownBy(() -> importer(file, store, 10).run(() -> false)).isInstanceOf(Crash.class);
    assertThat(server.acknowledged).hasSize(29); // lines 1..30 settled, line 13 rejected
    server.crashOnRequest = -1;
    ImportSummary resumed = importer(file, new CrashingStore(), 10).run(() -> false);

    assertThat(resumed.outcome()).isEqualTo(ImportSummary.Outcome.COMPLETED);
    assertThat(resumed.skippedByCheckpoint()).isEqualTo(30);
    assertThat(server.acknowledged).doesNotHaveDuplicates().hasSize(98)
        .containsExactlyInAnyOrderElementsOf(goodIds(file, 13, 57));
    assertThat(rejects.lines).containsExactly("13 user_id required", "57 user_id required");
    // the request that died unanswered is sent again with the same ids
    assertThat(server.requests.get(4)).isEqualTo(server.requests.get(3));
  }

  @Test
  void shouldResendABatchWithTheSameIdsWhenTheCrashCameBeforeItsCheckpoint() throws Exception {
    Path file = jsonLines(50);
    CrashingStore store = new CrashingStore();
    store.crashOnSave = 2;

    assertThatThrownBy(() -> importer(file, store, 10).run(() -> false)).isInstanceOf(Crash.class);
    importer(file, new CrashingStore(), 10).run(() -> false);

    assertThat(server.requests).hasSize(6);
    assertThat(server.requests.get(2)).isEqualTo(server.requests.get(1));
    assertThat(server.acknowledged.stream().distinct()).hasSize(50);
  }

  @Test
  void shouldStopAtABatchBoundaryAndResumeAfterIt() throws Exception {
    Path file = jsonLines(45);
    int[] batches = {0};

    ImportSummary first = importer(file, CheckpointStore.file(dir.resolve("cp")), 10, p -> batches[0]++)
        .run(() -> batches[0] >= 2);
    ImportSummary second = importer(file, CheckpointStore.file(dir.resolve("cp")), 10).run(() -> false);

    assertThat(first.outcome()).isEqualTo(ImportSummary.Outcome.STOPPED);
    assertThat(first.sent()).isEqualTo(20);
    assertThat(second.skippedByCheckpoint()).isEqualTo(20);
    assertThat(second.sent()).isEqualTo(25);
    assertThat(server.acknowledged).doesNotHaveDuplicates().hasSize(45);
  }

  @Test
  void shouldRefuseToResumeAFileChangedBeforeItsCheckpoint() throws Exception {
    Path file = jsonLines(30);
    int[] batches = {0};
    importer(file, CheckpointStore.file(dir.resolve("cp")), 10, p -> batches[0]++).run(() -> batches[0] >= 2);
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(4, lines.get(4).replace("u-5", "u-X"));
    Files.write(file, lines);

    assertThatThrownBy(() -> importer(file, CheckpointStore.file(dir.resolve("cp")), 10).run(() -> false))
        .isInstanceOf(ImportException.class).hasMessageContaining("changed since its checkpoint")
        .hasMessageContaining("lines 1..20");
  }

  @Test
  void shouldResumeAFileThatOnlyGrewAtTheEnd() throws Exception {
    Path file = jsonLines(20);
    importer(file, CheckpointStore.file(dir.resolve("cp")), 10).run(() -> false);
    Files.writeString(file, line(21, true) + "\n", java.nio.file.StandardOpenOption.APPEND);

    ImportSummary more = importer(file, CheckpointStore.file(dir.resolve("cp")), 10).run(() -> false);

    assertThat(more.skippedByCheckpoint()).isEqualTo(20);
    assertThat(more.sent()).isEqualTo(1);
    assertThat(server.acknowledged).doesNotHaveDuplicates().hasSize(21);
  }

  @Test
  void shouldWriteUnreadableLinesToRejectsAndGoOn() throws Exception {
    Path file = dir.resolve("in.jsonl");
    Files.writeString(file, line(1, true) + "\n{broken\n\n" + line(4, true) + "\n");

    ImportSummary summary = importer(file, CheckpointStore.file(dir.resolve("cp")), 10).run(() -> false);

    assertThat(summary).extracting(ImportSummary::sent, ImportSummary::accepted, ImportSummary::rejected)
        .containsExactly(2L, 2L, 1L);
    assertThat(rejects.lines).containsExactly("2 $ malformed_json");
  }

  @Test
  void shouldImportCsvThroughTheMapping() throws Exception {
    Path file = dir.resolve("in.csv");
    Files.writeString(file, "name,uid,ts,plan\nsignup,u-1,2025-01-01T00:00:00Z,\"pro, yearly\"\nview,u-2\n");
    List<JsonNode> sent = new ArrayList<>();
    BatchSender capture = events -> {
      sent.addAll(events);
      return server.send(events);
    };
    Importer.Settings settings = new Importer.Settings(ImportFormat.CSV,
        "event=name,user_id=uid,timestamp=ts,properties.plan=plan", 10, 0, 3, Duration.ofSeconds(1));

    ImportSummary summary = new Importer(file, settings, capture, CheckpointStore.file(dir.resolve("cp")), rejects,
        ticker, p -> { }).run(() -> false);

    assertThat(summary.accepted()).isEqualTo(1);
    assertThat(sent).singleElement().satisfies(e -> {
      assertThat(e.path("properties").path("plan").asText()).isEqualTo("pro, yearly");
      assertThat(e.path("timestamp").asText()).isEqualTo("2025-01-01T00:00:00Z");
    });
    assertThat(rejects.lines).containsExactly("3 $ csv_fields");
  }

  @Test
  void shouldNameAMappedColumnTheHeaderLacks() throws Exception {
    Path file = dir.resolve("in.csv");
    Files.writeString(file, "name,uid\nsignup,u-1\n");
    Importer.Settings settings = new Importer.Settings(ImportFormat.CSV, "event=name,user_id=user", 10, 0, 3,
        Duration.ofSeconds(1));

    assertThatThrownBy(() -> new Importer(file, settings, server, CheckpointStore.file(dir.resolve("cp")), rejects,
        ticker, p -> { }).run(() -> false)).isInstanceOf(ImportException.class).hasMessageContaining("no column 'user'");
    assertThat(server.requests).isEmpty();
  }

  @Test
  void shouldRetryA503HonouringRetryAfterThenGoOn() throws Exception {
    Path file = jsonLines(5);
    server.scripted.add(new BatchAnswer.RetryLater(Duration.ofSeconds(3), "HTTP 503"));
    server.scripted.add(new BatchAnswer.RetryLater(Duration.ZERO, "HTTP 503"));

    ImportSummary summary = importer(file, CheckpointStore.file(dir.resolve("cp")), 10).run(() -> false);

    assertThat(summary.accepted()).isEqualTo(5);
    assertThat(server.requests).hasSize(3);
    assertThat(ticker.sleeps).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(1));
  }

  @Test
  void shouldGiveUpAfterTheRetriesWithoutMovingTheCheckpoint() throws Exception {
    Path file = jsonLines(15);
    for (int i = 0; i < 10; i++) {
      server.scripted.add(i == 0 ? new BatchAnswer.Acknowledged(0, List.of())
          : new BatchAnswer.RetryLater(Duration.ZERO, "HTTP 503"));
    }
    CheckpointStore store = CheckpointStore.file(dir.resolve("cp"));

    ImportSummary summary = importer(file, store, 10).run(() -> false);

    assertThat(summary.outcome()).isEqualTo(ImportSummary.Outcome.GAVE_UP);
    assertThat(summary.problem()).contains("lines 11..15").contains("4 attempts");
    assertThat(store.load()).hasValueSatisfying(cp -> assertThat(cp.nextLine()).isEqualTo(11));
  }

  @Test
  void shouldGiveUpWhenTheServerRefusesTheBatch() throws Exception {
    Path file = jsonLines(5);
    server.scripted.add(new BatchAnswer.Refused(401, "unauthorized"));

    ImportSummary summary = importer(file, CheckpointStore.file(dir.resolve("cp")), 10).run(() -> false);

    assertThat(summary.outcome()).isEqualTo(ImportSummary.Outcome.GAVE_UP);
    assertThat(summary.problem()).contains("HTTP 401");
    assertThat(server.requests).hasSize(1);
  }

  @Test
  void shouldPaceBatchesToTheRate() throws Exception {
    Path file = jsonLines(30);
    Importer.Settings settings = new Importer.Settings(ImportFormat.JSONL, "", 10, 20, 3, Duration.ofSeconds(1));

    new Importer(file, settings, server, CheckpointStore.file(dir.resolve("cp")), rejects, ticker, p -> { })
        .run(() -> false);

    assertThat(ticker.sleeps).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500));
  }

  @Test
  void shouldReportProgressAgainstTheFilesLines() throws Exception {
    Path file = jsonLines(25);
    List<Progress> seen = new ArrayList<>();

    importer(file, CheckpointStore.file(dir.resolve("cp")), 10, seen::add).run(() -> false);

    assertThat(seen).extracting(Progress::linesDone).containsExactly(10L, 20L, 25L);
    assertThat(seen).extracting(Progress::totalLines).containsOnly(25L);
  }

  private Importer importer(Path file, CheckpointStore store, int batchSize) {
    return importer(file, store, batchSize, p -> { });
  }

  private Importer importer(Path file, CheckpointStore store, int batchSize, java.util.function.Consumer<Progress> progress) {
    Importer.Settings settings = new Importer.Settings(ImportFormat.JSONL, "", batchSize, 0, 3, Duration.ofSeconds(1));
    return new Importer(file, settings, server, store, rejects, ticker, progress);
  }

  /** {@code n} events, the listed line numbers without user_id. */
  private Path jsonLines(int n, int... bad) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      final int line = i;
      sb.append(line(i, java.util.Arrays.stream(bad).noneMatch(b -> b == line))).append('\n');
    }
    Path file = dir.resolve("in.jsonl");
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    return file;
  }

  private static String line(int i, boolean good) {
    return good
        ? "{\"event\":\"e\",\"user_id\":\"u-" + i + "\",\"timestamp\":\"2025-01-01T00:00:00Z\"}"
        : "{\"event\":\"e\",\"anonymous\":\"a-" + i + "\"}";
  }

  private static List<String> goodIds(Path file, int... bad) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      final int line = i + 1;
      if (java.util.Arrays.stream(bad).noneMatch(b -> b == line)) {
        ids.add(EventIds.forLine(lines.get(i)));
      }
    }
    return ids;
  }
}
