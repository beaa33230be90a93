package dev.tributary.testsupport.containers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where a Docker engine would be configured or listening on this machine: {@code DOCKER_HOST}, a
 * {@code ~/.testcontainers.properties}, or one of the usual sockets (Docker Engine, rootless Docker,
 * Docker Desktop, Colima, Rancher Desktop). The process fixtures are chosen without loading the
 * Docker client when none exists, so machines without Docker pay nothing and log no client errors.
 *
 * <p>Stateless; thread-safe.
 */
public final class DockerEngineHints {

  private DockerEngineHints() {}

  /** The places looked at, in order, as shown in the log and in errors. */
  public static List<String> looked(Map<String, String> env, Path home) {
    List<String> places = new ArrayList<>();
    places.add("DOCKER_HOST");
    places.add(home.resolve(".testcontainers.properties").toString());
    sockets(env, home).forEach(p -> places.add(p.toString()));
    return places;
  }

  /**
   * The hints present: {@code DOCKER_HOST=...} when set, else each existing file of {@link #looked}.
   * Empty means no engine can answer.
   */
  public static List<String> present(Map<String, String> env, Path home, Predicate<Path> exists) {
    List<String> found = new ArrayList<>();
    String dockerHost = env.get("DOCKER_HOST");
    if (dockerHost != null && !dockerHost.isBlank()) {
      found.add("DOCKER_HOST=" + dockerHost.strip());
    }
    Path properties = home.resolve(".testcontainers.properties");
    if (exists.test(properties)) {
      found.add(properties.toString());
    }
    sockets(env, home).stream().filter(exists).forEach(p -> found.add("unix://" + p));
    return found;
  }

  private static List<Path> sockets(Map<String, String> env, Path home) {
    List<Path> sockets = new ArrayList<>();
    sockets.add(Path.of("/var/run/docker.sock"));
    String runtimeDir = env.get("XDG_RUNTIME_DIR");
    if (runtimeDir != null && !runtimeDir.isBlank()) {
      sockets.add(Path.of(runtimeDir, "docker.sock"));
    }
    sockets.add(home.resolve(".docker/run/docker.sock"));
    sockets.add(home.resolve(".docker/desktop/docker.sock"));
    sockets.add(home.resolve(".colima/default/docker.sock"));
    sockets.add(home.resolve(".rd/docker.sock"));
    return sockets;
  }
}
