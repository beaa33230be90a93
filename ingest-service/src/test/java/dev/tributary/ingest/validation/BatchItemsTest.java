package dev.tributary.ingest.validation;

import static dev.tributary.ingest.validation.EventValidatorTest.parse;
import static dev.tributary.ingest.validation.EventValidatorTest.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.event.Rule;
import org.junit.jupiter.api.Test;

class BatchItemsTest {

  @Test
  void shouldTakeItemsFromBatchField() {
    BatchItems items = BatchItems.of(parse(q("{'batch':[{'a':1},{'b':2}],'sentAt':'x'}")));

    assertThat(items).isInstanceOfSatisfying(BatchItems.Items.class, i -> assertThat(i.items()).hasSize(2));
  }

  @Test
  void shouldAcceptBareArray() {
    BatchItems items = BatchItems.of(parse("[{},1,\"x\"]"));

    assertThat(items).isInstanceOfSatisfying(BatchItems.Items.class, i -> assertThat(i.items()).hasSize(3));
  }

  @Test
  void shouldRejectObjectWithoutBatchField() {
    assertThat(BatchItems.of(parse(q("{'event':'x'}")))).isInstanceOfSatisfying(BatchItems.Invalid.class,
        i -> assertThat(i.reason().rule()).isEqualTo(Rule.REQUIRED));
  }

  @Test
  void shouldRejectBatchFieldThatIsNotAnArray() {
    assertThat(BatchItems.of(parse(q("{'batch':{}}")))).isInstanceOfSatisfying(BatchItems.Invalid.class,
        i -> assertThat(i.reason().rule()).isEqualTo(Rule.TYPE));
  }

  @Test
  void shouldRejectEmptyBatch() {
    assertThat(BatchItems.of(parse("[]"))).isInstanceOfSatisfying(BatchItems.Invalid.class,
        i -> assertThat(i.reason().rule()).isEqualTo(Rule.NOT_EMPTY));
  }
}
