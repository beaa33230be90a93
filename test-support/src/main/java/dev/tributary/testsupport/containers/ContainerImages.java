package dev.tributary.testsupport.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The images of the container fixtures, read from the deployment's docker-compose.yml so the tests
 * run exactly the versions the deployment pins (one place for the pins: the compose file).
 *
 * <p>Immutable value; thread-safe.
 *
 * @param kafka e.g. {@code apache/kafka:4.3.1}
 * @param registry e.g. {@code apicurio/apicurio-registry:3.0.9}
 * @param clickHouse e.g. {@code clickhouse/clickhouse-server:25.8}
 */
public record ContainerImages(String kafka, String registry, String clickHouse) {

  public static final String KAFKA_REPOSITORY = "apache/kafka";
  public static final String REGISTRY_REPOSITORY = "apicurio/apicurio-registry";
  public static final String CLICKHOUSE_REPOSITORY = "clickhouse/clickhouse-server";
  public static final String COMPOSE_FILE = "docker-compose.yml";

  private static final Pattern IMAGE = Pattern.compile("(?m)^\\s*image:\\s*[\"']?([^\\s\"'#]+)");

  /**
   * The three images of {@code compose} (the file's text).
   *
   * @throws IllegalArgumentException when an image is missing, unpinned ({@code latest} or no tag) or
   *     pinned to two different tags
   */
  public static ContainerImages fromCompose(String compose) {
    return new ContainerImages(pinned(compose, KAFKA_REPOSITORY), pinned(compose, REGISTRY_REPOSITORY),
        pinned(compose, CLICKHOUSE_REPOSITORY));
  }

  /** {@link #fromCompose(String)} of the docker-compose.yml found from {@code start} upwards. */
  public static ContainerImages fromProject(Path start) {
    Path compose = findCompose(start).orElseThrow(() -> new IllegalStateException("no " + COMPOSE_FILE + " in "
        + start.toAbsolutePath() + " or above: the container fixtures take their image pins from it"));
    try {
      return fromCompose(Files.readString(compose));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + compose, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(compose + ": " + e.getMessage(), e);
    }
  }

  /** The nearest docker-compose.yml in {@code start} or a parent directory. */
  public static Optional<Path> findCompose(Path start) {
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(COMPOSE_FILE);
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static String pinned(String compose, String repository) {
    Set<String> tags = new LinkedHashSet<>();
    Matcher m = IMAGE.matcher(compose);
    while (m.find()) {
      String image = m.group(1);
      int colon = image.lastIndexOf(':');
      String name = colon < 0 ? image : image.substring(0, colon);
      if (name.equals(repository)) {
        tags.add(colon < 0 ? "" : image.substring(colon + 1));
      }
    }
    if (tags.isEmpty()) {
      throw new IllegalArgumentException("no image " + repository + ":<tag>");
    }
    if (tags.size() > 1) {
      throw new IllegalArgumentException(repository + " is pinned to several tags " + tags);
    }
    String tag = tags.iterator().next();
    if (tag.isEmpty() || tag.equals("latest") || tag.contains("$")) {
      throw new IllegalArgumentException(repository + " is not pinned to a fixed tag (found '" + tag + "')");
    }
    return repository + ":" + tag;
  }
}
