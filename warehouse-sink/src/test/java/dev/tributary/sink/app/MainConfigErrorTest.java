package dev.tributary.sink.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testsupport.ChildJvm;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainConfigErrorTest {

  @Test
  void shouldExitTwoWithOneMessageOnAForbiddenOverride() {
    ChildJvm.Exit exit = ChildJvm.run(Main.class, Map.of("KAFKA_CONSUMER_ENABLE_AUTO_COMMIT", "true"),
        Duration.ofSeconds(60));

    assertThat(exit.status()).as("stderr: %s", exit.stderr()).isEqualTo(2);
    assertThat(exit.stderr()).startsWith("warehouse-sink: invalid configuration, not started (exit 2).")
        .contains("kafka.consumer.enable.auto.commit: may not be overridden");
  }
}
