package dev.tributary.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransactionVersionPinTest {

  @Test
  void shouldDowngradeAClusterAboveTheMaximum() {
    assertThat(TransactionVersionPin.downgradeTo((short) 2, (short) 1)).contains((short) 1);
  }

  @Test
  void shouldLeaveAClusterAtOrBelowTheMaximum() {
    assertThat(TransactionVersionPin.downgradeTo((short) 1, (short) 1)).isEmpty();
    assertThat(TransactionVersionPin.downgradeTo((short) 0, (short) 1)).isEmpty();
  }

  @Test
  void shouldLeaveEveryLevelWhenThePinIsOff() {
    assertThat(TransactionVersionPin.downgradeTo((short) 2, (short) -1)).isEmpty();
  }
}
