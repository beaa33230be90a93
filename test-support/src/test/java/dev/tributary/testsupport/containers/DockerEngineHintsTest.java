package dev.tributary.testsupport.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DockerEngineHintsTest {

  private static final Path HOME = Path.of("/home/dev");

  @Test
  void shouldFindNothingWithoutDockerHostPropertiesOrSocket() {
    assertThat(DockerEngineHints.present(Map.of(), HOME, p -> false)).isEmpty();
  }

  @Test
  void shouldIgnoreABlankDockerHost() {
    assertThat(DockerEngineHints.present(Map.of("DOCKER_HOST", " "), HOME, p -> false)).isEmpty();
  }

  @Test
  void shouldTakeDockerHostFromTheEnvironment() {
    assertThat(DockerEngineHints.present(Map.of("DOCKER_HOST", "tcp://build-box:2375"), HOME, p -> false))
        .containsExactly("DOCKER_HOST=tcp://build-box:2375");
  }

  @Test
  void shouldFindTheEngineSocketAndTheTestcontainersProperties() {
    Set<Path> files = Set.of(Path.of("/var/run/docker.sock"), HOME.resolve(".testcontainers.properties"));

    assertThat(DockerEngineHints.present(Map.of(), HOME, files::contains))
        .containsExactly("/home/dev/.testcontainers.properties", "unix:///var/run/docker.sock");
  }

  @Test
  void shouldFindRootlessAndDesktopSockets() {
    Set<Path> files = Set.of(Path.of("/run/user/1000/docker.sock"), HOME.resolve(".docker/run/docker.sock"));

    assertThat(DockerEngineHints.present(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), HOME, files::contains))
        .containsExactly("unix:///run/user/1000/docker.sock", "unix:///home/dev/.docker/run/docker.sock");
  }

  @Test
  void shouldListEveryPlaceItLooksAt() {
    assertThat(DockerEngineHints.looked(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), HOME)).containsExactly(
        "DOCKER_HOST", "/home/dev/.testcontainers.properties", "/var/run/docker.sock", "/run/user/1000/docker.sock",
        "/home/dev/.docker/run/docker.sock", "/home/dev/.docker/desktop/docker.sock",
        "/home/dev/.colima/default/docker.sock", "/home/dev/.rd/docker.sock");
  }
}
