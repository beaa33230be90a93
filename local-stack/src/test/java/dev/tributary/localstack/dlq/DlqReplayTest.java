package dev.tributary.localstack.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DlqReplayTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
  private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  /** A transactional target: a batch is committed whole or not at all; it can be told to fail a batch. */
  static final class FakeTarget implements ReplayTarget {
    final Map<DeadLetterOrigin, Integer> sent = new HashMap<>();
    final Set<DeadLetterOrigin> committed = new HashSet<>();
    int failOnBatch = -1;
    int batches;

    @Override
    public Set<DeadLetterOrigin> alreadyReplayed() {
      return Set.copyOf(committed);
    }

    @Override
    public void send(List<DeadLetterToReplay> batch, String replayId, Instant at) {
      if (batches++ == failOnBatch) {
        throw new IllegalStateException("broker went away mid-transaction");
      }
      batch.forEach(d -> {
        sent.merge(d.origin(), 1, Integer::sum);
        committed.add(d.origin());
      });
    }

    @Override
    public void close() {}
  }

  private static List<DeadLetterToReplay> deadLetters(int n) {
    return IntStream.range(0, n).mapToObj(i -> new DeadLetterToReplay(new DeadLetterOrigin("events.raw", i % 3, i),
        "INVALID_FIELD", "e-" + i, "web", 1_000L + i, null, ("{\"event\":\"e" + i + "\"}").getBytes(StandardCharsets.UTF_8)))
        .toList();
  }

  private static DeadLetterSource source(List<DeadLetterToReplay> all) {
    return filter -> all.stream().filter(d -> filter.reasons().isEmpty() || filter.reasons().contains(d.reason())).toList();
  }

  @Test
  void shouldReplayEachDeadLetterOnceAcrossAnInterruptionInsideABatch() {
    List<DeadLetterToReplay> all = deadLetters(23);
    FakeTarget target = new FakeTarget();
    target.failOnBatch = 2;

    assertThatThrownBy(() -> new DlqReplay(source(all), target, CLOCK, 5).run(ReplayFilter.ALL, QUIET))
        .hasMessageContaining("mid-transaction");
    assertThat(target.committed).hasSize(10);

    target.failOnBatch = -1;
    DlqReplay.Summary second = new DlqReplay(source(all), target, CLOCK, 5).run(ReplayFilter.ALL, QUIET);
    DlqReplay.Summary third = new DlqReplay(source(all), target, CLOCK, 5).run(ReplayFilter.ALL, QUIET);

    assertThat(second).extracting(DlqReplay.Summary::matched, DlqReplay.Summary::skippedAlreadyReplayed,
        DlqReplay.Summary::replayed).containsExactly(23, 10, 13);
    assertThat(third.replayed()).isZero();
    assertThat(target.sent).hasSize(23).allSatisfy((origin, times) -> assertThat(times).as(origin.key()).isEqualTo(1));
  }

  @Test
  void shouldReplayOnlyWhatTheFilterMatches() {
    List<DeadLetterToReplay> all = new ArrayList<>(deadLetters(4));
    all.add(new DeadLetterToReplay(new DeadLetterOrigin("events.raw", 0, 99), "UNDESERIALIZABLE", null, null, null,
        null, new byte[] {0, 1, 2}));
    FakeTarget target = new FakeTarget();
    ReplayFilter undecodable = new ReplayFilter(List.of("UNDESERIALIZABLE"), java.util.Optional.empty(),
        java.util.Optional.empty(), java.util.Optional.empty());

    DlqReplay.Summary s = new DlqReplay(source(all), target, CLOCK, 500).run(undecodable, QUIET);

    assertThat(s.replayed()).isEqualTo(1);
    assertThat(target.sent).containsOnlyKeys(new DeadLetterOrigin("events.raw", 0, 99));
  }

  @Test
  void shouldListWithoutSendingOnADryRun() {
    FakeTarget target = new FakeTarget();
    target.committed.add(new DeadLetterOrigin("events.raw", 0, 0));

    List<DeadLetterToReplay> pending = new DlqReplay(source(deadLetters(3)), target, CLOCK, 5).pending(ReplayFilter.ALL);

    assertThat(pending).extracting(DeadLetterToReplay::eventId).containsExactly("e-1", "e-2");
    assertThat(target.sent).isEmpty();
  }

  @Test
  void shouldKeepTheOriginalIdSourceAndReceivedTimeOfAReplayedEvent() {
    DeadLetterToReplay d = deadLetters(1).get(0);

    var raw = ReplayRecords.rawEvent(d);
    var marker = ReplayRecords.replay(d, "run-1", CLOCK.instant(), "events.raw");

    assertThat(raw.getEventId()).isEqualTo("e-0");
    assertThat(raw.getSource()).isEqualTo("web");
    assertThat(raw.getReceivedAt()).isEqualTo(Instant.ofEpochMilli(1_000));
    assertThat(raw.getPayload()).isEqualTo("{\"event\":\"e0\"}");
    assertThat(raw.getRequestId()).isEqualTo("dlq-replay:events.raw-0@0");
    assertThat(marker.getSourceOffset()).isZero();
    assertThat(marker.getReplayedAt()).isEqualTo(CLOCK.instant());
  }

  @Test
  void shouldReadBackTheOriginFromItsKeyEvenWhenTheTopicHasDashes() {
    DeadLetterOrigin origin = new DeadLetterOrigin("e2e-1a2b.events-raw", 11, 4_000_000_000L);

    assertThat(KafkaReplayTarget.origin(origin.key())).isEqualTo(origin);
  }

  @Test
  void shouldRefuseABatchSizeBelowOne() {
    assertThatThrownBy(() -> new DlqReplay(source(List.of()), new FakeTarget(), CLOCK, 0))
        .hasMessageContaining("batch size must be positive");
  }
}
