package dev.tributary.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testsupport.ChildJvm;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainConfigErrorTest {

  @Test
  void shouldExitTwoWithOneMessageOnAForbiddenOverride() {
    ChildJvm.Exit exit = ChildJvm.run(Main.class, Map.of("STREAMS_PROCESSING_GUARANTEE", "at_least_once"),
        Duration.ofSeconds(60));

    assertThat(exit.status()).as("stderr: %s", exit.stderr()).isEqualTo(2);
    assertThat(exit.stderr()).startsWith("transform-streams: invalid configuration, not started (exit 2).")
        .contains("streams.processing.guarantee: may not be overridden")
        .doesNotContain("Exception in thread");
  }
}
