package dev.tributary.localstack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CliArgsTest {

  @Test
  void shouldUseWellKnownPortsAndNoDemoByDefault() {
    CliArgs args = CliArgs.parse("up");

    assertThat(args.command()).isEqualTo(CliArgs.Command.UP);
    assertThat(args.demo()).isFalse();
    assertThat(args.ports()).isEqualTo(new StackPorts(9092, 9093, 8081, 8123, 9000, 8080, 8082, 8083, 8084));
    assertThat(args.root()).isEmpty();
  }

  @Test
  void shouldParseDemoRatePortsAndRootInBothSpellings() {
    CliArgs args = CliArgs.parse("UP", "--demo", "--demo-rate=50", "--kafka-port", "19092", "--ingest-port=18080", "--root", "/x");

    assertThat(args.demo()).isTrue();
    assertThat(args.demoRate()).isEqualTo(50);
    assertThat(args.ports().kafka()).isEqualTo(19092);
    assertThat(args.ports().ingest()).isEqualTo(18080);
    assertThat(args.ports().registry()).isEqualTo(8081);
    assertThat(args.root()).contains(Path.of("/x"));
  }

  @Test
  void shouldStartChangeDataCaptureOnlyWhenAsked() {
    assertThat(CliArgs.parse("up").cdc()).isFalse();
    assertThat(CliArgs.parse("up", "--cdc", "--demo").cdc()).isTrue();
    assertThatThrownBy(() -> CliArgs.parse("status", "--cdc")).hasMessageContaining("--cdc only applies to 'up'");
  }

  @Test
  void shouldStartClickHouseClusterOnlyWhenAsked() {
    assertThat(CliArgs.parse("up").cluster()).isFalse();
    assertThat(CliArgs.parse("up", "--cluster", "--demo").cluster()).isTrue();
    assertThatThrownBy(() -> CliArgs.parse("status", "--cluster")).isInstanceOf(CliArgs.UsageException.class)
        .hasMessageContaining("only applies to 'up'");
  }

  @Test
  void shouldRejectAnUnknownCommand() {
    assertThatThrownBy(() -> CliArgs.parse("start")).hasMessageContaining("unknown command 'start'");
  }

  @Test
  void shouldRejectAMissingCommand() {
    assertThatThrownBy(CliArgs::parse).isInstanceOf(CliArgs.UsageException.class).hasMessageContaining("missing command");
  }

  @Test
  void shouldRejectAnUnknownOption() {
    assertThatThrownBy(() -> CliArgs.parse("up", "--turbo")).hasMessageContaining("unknown option '--turbo'");
  }

  @Test
  void shouldRejectAPortOutOfRange() {
    assertThatThrownBy(() -> CliArgs.parse("up", "--registry-port", "70000")).hasMessageContaining("between 1 and 65535");
  }

  @Test
  void shouldRejectAnOptionWithoutItsValue() {
    assertThatThrownBy(() -> CliArgs.parse("up", "--kafka-port", "--demo")).hasMessageContaining("--kafka-port needs a value");
  }

  @Test
  void shouldRejectUpOnlyOptionsOnOtherCommands() {
    assertThatThrownBy(() -> CliArgs.parse("down", "--demo")).hasMessageContaining("only applies to 'up'");
  }

  @Test
  void shouldRejectDemoWithoutServices() {
    assertThatThrownBy(() -> CliArgs.parse("up", "--demo", "--infra-only")).hasMessageContaining("--infra-only");
  }

  @Test
  void shouldAnswerHelpForHelpFlag() {
    assertThat(CliArgs.parse("status", "--help").command()).isEqualTo(CliArgs.Command.HELP);
  }
}
