package dev.tributary.testsupport.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class FixtureBackendTest {

  private static final List<String> LOOKED = List.of("DOCKER_HOST", "/var/run/docker.sock");
  private static final Supplier<Optional<String>> ENGINE = () -> Optional.of("unix:///var/run/docker.sock");
  private static final Supplier<Optional<String>> NO_ENGINE = Optional::empty;

  @Test
  void shouldRunProcessesWhenForcedWithoutAskingForAnEngine() {
    FixtureBackend backend = FixtureBackend.choose(FixtureMode.PROCESSES, () -> {
      throw new AssertionError("the engine must not be asked");
    }, LOOKED);

    assertThat(backend.containers()).isFalse();
    assertThat(backend.describe()).isEqualTo("processes (-Dtributary.fixtures=processes)");
  }

  @Test
  void shouldRunContainersInAutoModeWhenAnEngineAnswers() {
    FixtureBackend backend = FixtureBackend.choose(FixtureMode.AUTO, ENGINE, LOOKED);

    assertThat(backend.containers()).isTrue();
    assertThat(backend.describe())
        .isEqualTo("containers (-Dtributary.fixtures=auto, Docker engine at unix:///var/run/docker.sock)");
  }

  @Test
  void shouldRunProcessesInAutoModeWhenNoEngineAnswersAndSayWhereItLooked() {
    FixtureBackend backend = FixtureBackend.choose(FixtureMode.AUTO, NO_ENGINE, LOOKED);

    assertThat(backend.containers()).isFalse();
    assertThat(backend.describe()).isEqualTo(
        "processes (-Dtributary.fixtures=auto, no Docker engine answered (checked DOCKER_HOST, /var/run/docker.sock))");
  }

  @Test
  void shouldRunContainersWhenForcedAndAnEngineAnswers() {
    assertThat(FixtureBackend.choose(FixtureMode.CONTAINERS, ENGINE, LOOKED).containers()).isTrue();
  }

  @Test
  void shouldFailInsteadOfSkippingWhenContainersAreForcedWithoutAnEngine() {
    assertThatThrownBy(() -> FixtureBackend.choose(FixtureMode.CONTAINERS, NO_ENGINE, LOOKED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("-Dtributary.fixtures=containers but no Docker engine answered")
        .hasMessageContaining("/var/run/docker.sock")
        .hasMessageContaining("-Dtributary.fixtures=processes");
  }
}
