package dev.tributary.testsupport.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FixtureModeTest {

  @Test
  void shouldDefaultToAutoWhenThePropertyIsUnsetOrBlank() {
    assertThat(FixtureMode.parse(null)).isEqualTo(FixtureMode.AUTO);
    assertThat(FixtureMode.parse("  ")).isEqualTo(FixtureMode.AUTO);
  }

  @Test
  void shouldParseEachModeIgnoringCaseAndSurroundingSpace() {
    assertThat(FixtureMode.parse("processes")).isEqualTo(FixtureMode.PROCESSES);
    assertThat(FixtureMode.parse(" Containers ")).isEqualTo(FixtureMode.CONTAINERS);
    assertThat(FixtureMode.parse("AUTO")).isEqualTo(FixtureMode.AUTO);
  }

  @Test
  void shouldNameThePropertyAndTheAcceptedValuesForAnUnknownValue() {
    assertThatThrownBy(() -> FixtureMode.parse("docker"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("-Dtributary.fixtures=docker is not one of processes|containers|auto");
  }

  @Test
  void shouldWriteTheModeAsOnTheCommandLine() {
    assertThat(FixtureMode.CONTAINERS.propertyValue()).isEqualTo("containers");
    assertThat(FixtureMode.parse(FixtureMode.PROCESSES.propertyValue())).isEqualTo(FixtureMode.PROCESSES);
  }
}
