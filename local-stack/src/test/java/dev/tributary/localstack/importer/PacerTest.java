package dev.tributary.localstack.importer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacerTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void shouldSpaceBatchesToTheRate() {
    Pacer pacer = new Pacer(100);

    assertThat(pacer.delayNanos(100, 0)).isZero();
    assertThat(pacer.delayNanos(50, 0)).isEqualTo(SECOND);
    assertThat(pacer.delayNanos(50, SECOND)).isEqualTo(SECOND / 2);
  }

  @Test
  void shouldNotBurstAfterAPause() {
    Pacer pacer = new Pacer(100);
    pacer.delayNanos(100, 0);

    assertThat(pacer.delayNanos(100, 10 * SECOND)).isZero();
    assertThat(pacer.delayNanos(100, 10 * SECOND)).isEqualTo(SECOND);
  }

  @Test
  void shouldNeverWaitWithoutARate() {
    Pacer pacer = new Pacer(0);

    assertThat(pacer.delayNanos(1_000_000, 0)).isZero();
    assertThat(pacer.delayNanos(1_000_000, 0)).isZero();
  }
}
