package dev.tributary.common.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ServiceMainTest {

  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final List<Integer> exits = new ArrayList<>();

  @Test
  void shouldExitTwoWithTheMessageOnAConfigurationError() {
    int status = run(() -> {
      throw new ConfigException("Invalid configuration (1 problem):\n  kafka.producer.acks: may not be overridden");
    });

    assertThat(status).isEqualTo(ServiceMain.EXIT_CONFIG);
    assertThat(exits).containsExactly(2);
    assertThat(err()).startsWith("svc: invalid configuration, not started (exit 2).")
        .contains("kafka.producer.acks: may not be overridden")
        .doesNotContain("at dev.tributary");
  }

  @Test
  void shouldTreatAConfigErrorWrappedByAClientAsAConfigurationError() {
    int status = run(() -> {
      throw new KafkaException("Failed to construct kafka producer", new ConfigException("linger.ms", "soon"));
    });

    assertThat(status).isEqualTo(ServiceMain.EXIT_CONFIG);
    assertThat(err()).contains("linger.ms");
  }

  @Test
  void shouldExitOneOnAnyOtherFailure() {
    int status = run(() -> {
      throw new IllegalStateException("Kafka is unreachable");
    });

    assertThat(status).isEqualTo(ServiceMain.EXIT_FATAL);
    assertThat(exits).containsExactly(1);
    assertThat(err()).isEmpty();
  }

  @Test
  void shouldPassTheBodysOwnStatusThrough() {
    assertThat(run(() -> 0)).isZero();
    assertThat(run(() -> 1)).isEqualTo(1);
    assertThat(exits).containsExactly(0, 1);
  }

  private int run(ServiceMain.Body body) {
    return ServiceMain.execute("svc", body, new PrintStream(stderr, true, StandardCharsets.UTF_8), exits::add);
  }

  private String err() {
    return stderr.toString(StandardCharsets.UTF_8);
  }
}
