package dev.tributary.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatusTest {

  @Test
  void shouldReadResidentMemoryAndTheOneMinuteLoadAverage() {
    assertThat(ProcStatus.vmRssKib("Name:\tjava\nVmRSS:\t  123456 kB\nVmSwap:\t0 kB\n")).hasValue(123_456);
    assertThat(ProcStatus.vmRssKib("Name:\tjava\n")).isEmpty();
    assertThat(ProcStatus.loadAverage1m("5.85 3.04 2.46 3/1021 12345\n")).isEqualTo(5.85);
    assertThat(ProcStatus.loadAverage1m("")).isNaN();
  }

  @Test
  void shouldReadThisProcessesCpuTimeAndNothingForAProcessThatIsGone() {
    long pid = ProcessHandle.current().pid();
    assertThat(ProcStatus.cpuNanos(pid)).isPositive();
    assertThat(ProcStatus.cpuNanos(Long.MAX_VALUE)).isEqualTo(-1);
  }
}
