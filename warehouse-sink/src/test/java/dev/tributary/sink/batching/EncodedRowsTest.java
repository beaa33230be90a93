package dev.tributary.sink.batching;

import static dev.tributary.testsupport.TestRecords.JAN;
import static dev.tributary.testsupport.TestRecords.cleanEvent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.catalogue.WarehouseTables;
import dev.tributary.sink.testing.Batches;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class EncodedRowsTest {

  private static final TopicPartition TP = new TopicPartition("t", 0);

  private static Batch batch(long first, long last) {
    return Batches.of(WarehouseTables.EVENTS, TP, LongStream.rangeClosed(first, last)
        .mapToObj(o -> Rows.of(cleanEvent("e-" + o + "-" + "x".repeat((int) o), JAN), "t", 0, o)).toList());
  }

  /** Each row encoded on its own: what the batch's bytes are the concatenation of. */
  private static byte[] row(long offset) {
    EncodedRows one = batch(offset, offset).rows();
    return Arrays.copyOfRange(one.array(), one.start(), one.start() + one.length());
  }

  @Test
  void shouldPutThePrefixBeforeEveryRowOfRowsOfDifferentLengths() {
    byte[] prefix = {9, 8, 7};

    byte[] out = batch(3, 5).rows().withRowPrefix(prefix);

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (long o : List.of(3L, 4L, 5L)) {
      expected.writeBytes(prefix);
      expected.writeBytes(row(o));
    }
    assertThat(out).isEqualTo(expected.toByteArray());
  }

  @Test
  void shouldPrefixOnlyTheRowsOfASlice() {
    byte[] out = batch(3, 5).remainderFrom(5).orElseThrow().rows().withRowPrefix(new byte[] {1});

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write(1);
    expected.writeBytes(row(5));
    assertThat(out).isEqualTo(expected.toByteArray());
  }
}
