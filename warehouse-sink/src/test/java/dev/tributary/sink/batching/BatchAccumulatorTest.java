package dev.tributary.sink.batching;

import dev.tributary.common.catalogue.WarehouseTables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.sink.testing.Batches;
import dev.tributary.testsupport.TestRecords;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BatchAccumulatorTest {

  private static final TopicPartition P0 = new TopicPartition("events.clean", 0);
  private static final TopicPartition P1 = new TopicPartition("events.clean", 1);

  private final AtomicLong clock = new AtomicLong(10_000);

  private static Row row(long offset, int month) {
    Row r = Rows.of(TestRecords.cleanEvent("e-" + offset, TestRecords.JAN), "events.clean", 0, offset);
    return new Row(offset, month, r.values());
  }

  private static byte[] bytes(EncodedRows rows) {
    return Arrays.copyOfRange(rows.array(), rows.start(), rows.start() + rows.length());
  }

  private static byte[] encode(List<Row> rows) {
    return RowBinaryWriterTest.encode(WarehouseTables.EVENTS.columns(), rows);
  }

  @Test
  void shouldEncodeRowsAsTheyArriveExactlyAsOneShotEncoding() {
    BatchAccumulator acc = new BatchAccumulator(new BatchPolicy(300, 1_000), clock::get);
    List<Row> input = new ArrayList<>();
    List<Batch> sealed = new ArrayList<>();
    for (int i = 0; i < 900; i++) { // the first buffer grows; later ones start at the last batch's size
      input.add(row(i, 202601));
      sealed.addAll(acc.add(WarehouseTables.EVENTS, P0, input.get(i)));
    }

    assertThat(sealed).hasSize(3);
    for (int b = 0; b < 3; b++) {
      assertThat(bytes(sealed.get(b).rows())).isEqualTo(encode(input.subList(b * 300, b * 300 + 300)));
      assertThat(sealed.get(b).rows().offsets()).hasSize(300).startsWith(b * 300L);
    }
  }

  @Test
  void shouldSendOnlyTheRemainderBytesWhenWarehouseHoldsAPrefix() {
    List<Row> rows = List.of(row(3, 202601), row(4, 202601), row(6, 202601));
    Batch batch = Batches.of(WarehouseTables.EVENTS, P0, rows);

    Batch rest = batch.remainderFrom(5).orElseThrow();

    assertThat(bytes(rest.rows())).isEqualTo(encode(rows.subList(2, 3)));
    assertThat(rest.describe()).isEqualTo("events <- events.clean-0 offsets [6..6] (1 rows)");
  }

  @Test
  void shouldSealBatchWhenItReachesMaxRows() {
    BatchAccumulator acc = new BatchAccumulator(new BatchPolicy(3, 1_000), clock::get);

    assertThat(acc.add(WarehouseTables.EVENTS, P0, row(0, 202601))).isEmpty();
    assertThat(acc.add(WarehouseTables.EVENTS, P0, row(1, 202601))).isEmpty();
    List<Batch> sealed = acc.add(WarehouseTables.EVENTS, P0, row(2, 202601));

    assertThat(sealed).singleElement().satisfies(b -> {
      assertThat(b.firstOffset()).isZero();
      assertThat(b.lastOffset()).isEqualTo(2);
      assertThat(b.reason()).isEqualTo(SealReason.ROWS);
    });
    assertThat(acc.bufferedRows()).isZero();
  }

  @Test
  void shouldSealBatchOnceOldestRowReachesMaxAge() {
    BatchAccumulator acc = new BatchAccumulator(new BatchPolicy(100, 500), clock::get);
    acc.add(WarehouseTables.EVENTS, P0, row(0, 202601));
    clock.addAndGet(300);
    acc.add(WarehouseTables.EVENTS, P0, row(1, 202601));

    clock.addAndGet(199);
    assertThat(acc.sealExpired()).isEmpty();
    assertThat(acc.nextExpiryMs()).hasValue(10_500);
    clock.addAndGet(1);
    List<Batch> sealed = acc.sealExpired();

    assertThat(sealed).singleElement().satisfies(b -> {
      assertThat(b.size()).isEqualTo(2);
      assertThat(b.reason()).isEqualTo(SealReason.AGE);
    });
    assertThat(acc.nextExpiryMs()).isEmpty();
  }

  @Test
  void shouldSealBeforeRowOfAnotherMonthSoThatBatchIsOnePart() {
    BatchAccumulator acc = new BatchAccumulator(new BatchPolicy(100, 1_000), clock::get);
    acc.add(WarehouseTables.EVENTS, P0, row(0, 202601));
    acc.add(WarehouseTables.EVENTS, P0, row(1, 202601));

    List<Batch> sealed = acc.add(WarehouseTables.EVENTS, P0, row(2, 202602));

    assertThat(sealed).singleElement().satisfies(b -> {
      assertThat(b.month()).isEqualTo(202601);
      assertThat(b.lastOffset()).isEqualTo(1);
      assertThat(b.reason()).isEqualTo(SealReason.PARTITION_CHANGE);
    });
    assertThat(acc.bufferedRows()).isEqualTo(1);
  }

  @Test
  void shouldCutSameBatchesWhenSameRecordsAreReplayed() {
    List<Row> input = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      input.add(row(i, i < 12 ? 202601 : 202602));
    }
    assertThat(boundaries(input)).isEqualTo(boundaries(input))
        .containsExactly("0-4", "5-9", "10-11", "12-16", "17-21");
  }

  @Test
  void shouldKeepPartitionsApart() {
    BatchAccumulator acc = new BatchAccumulator(new BatchPolicy(2, 1_000), clock::get);
    acc.add(WarehouseTables.EVENTS, P0, row(0, 202601));
    List<Batch> sealed = acc.add(WarehouseTables.EVENTS, P1, row(0, 202601));

    assertThat(sealed).isEmpty();
    assertThat(acc.bufferedRows()).isEqualTo(2);
  }

  @Test
  void shouldForgetRowsOfDroppedPartition() {
    BatchAccumulator acc = new BatchAccumulator(new BatchPolicy(10, 1_000), clock::get);
    acc.add(WarehouseTables.EVENTS, P0, row(0, 202601));
    acc.add(WarehouseTables.EVENTS, P1, row(7, 202601));

    acc.drop(P0);

    assertThat(acc.bufferedRows()).isEqualTo(1);
    clock.addAndGet(1_000);
    assertThat(acc.sealExpired()).singleElement().extracting(Batch::source).isEqualTo(P1);
  }

  @Test
  void shouldRejectOffsetsThatDoNotIncrease() {
    BatchAccumulator acc = new BatchAccumulator(new BatchPolicy(10, 1_000), clock::get);
    acc.add(WarehouseTables.EVENTS, P0, row(5, 202601));

    assertThatThrownBy(() -> acc.add(WarehouseTables.EVENTS, P0, row(5, 202601)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must increase");
  }

  @Test
  void shouldTrimBatchToRowsNotYetInWarehouse() {
    Batch batch = Batches.of(WarehouseTables.EVENTS, P0,
        List.of(row(3, 202601), row(4, 202601), row(6, 202601)));

    assertThat(batch.remainderFrom(2)).contains(batch);
    assertThat(batch.remainderFrom(5)).hasValueSatisfying(b -> assertThat(b.firstOffset()).isEqualTo(6));
    assertThat(batch.remainderFrom(7)).isEmpty();
  }

  private List<String> boundaries(List<Row> input) {
    BatchAccumulator acc = new BatchAccumulator(new BatchPolicy(5, 1_000), clock::get);
    List<String> out = new ArrayList<>();
    for (Row r : input) {
      acc.add(WarehouseTables.EVENTS, P0, r).forEach(b -> out.add(b.firstOffset() + "-" + b.lastOffset()));
    }
    return out;
  }
}
