package dev.tributary.localstack.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the local stack keeps its state: {@code <project root>/.tributary/} with {@code data/<component>},
 * {@code logs/<component>.log}, {@code pids} and {@code ports.properties}. Immutable value.
 */
public record StackLayout(Path root) {

  public Path stateDir() {
    return root.resolve(".tributary");
  }

  public Path dataDir(String component) {
    return stateDir().resolve("data").resolve(component);
  }

  public Path logFile(String component) {
    return stateDir().resolve("logs").resolve(component + ".log");
  }

  public Path pidFile() {
    return stateDir().resolve("pids");
  }

  /** The experiment definitions the stack's ingest and streams serve (the demo ramps them). */
  public Path servedDefinitions() {
    return stateDir().resolve("experiments.yaml");
  }

  public Path portsFile() {
    return stateDir().resolve("ports.properties");
  }

  /**
   * The file by which {@code tributary down} asks a running {@code tributary up} to stop: {@code up}
   * then stops the stack and exits 0, where a signal would make the JVM exit 143.
   */
  public Path stopRequestFile() {
    return stateDir().resolve("stop-requested");
  }

  /** Asks the {@code up} of this stack to stop (see {@link #stopRequestFile()}). */
  public void requestStop() {
    try {
      Files.createDirectories(stateDir());
      Files.writeString(stopRequestFile(), "stop\n");
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + stopRequestFile(), e);
    }
  }

  /** Whether {@code down} asked this stack to stop. */
  public boolean stopRequested() {
    return Files.exists(stopRequestFile());
  }

  /** Forgets a stop request (before a start, and once the stack has stopped). */
  public void clearStopRequest() {
    try {
      Files.deleteIfExists(stopRequestFile());
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + stopRequestFile(), e);
    }
  }

  /**
   * The project root: the given one, else the {@code tributary.project.root} system property,
   * else the nearest ancestor of the working directory with a {@code mvnw} and a {@code local-stack}
   * module, else the working directory.
   */
  public static StackLayout discover(Optional<Path> given) {
    if (given.isPresent()) {
      return new StackLayout(given.get().toAbsolutePath().normalize());
    }
    String property = System.getProperty("tributary.project.root");
    if (property != null && !property.isBlank()) {
      return new StackLayout(Path.of(property).toAbsolutePath().normalize());
    }
    Path cwd = Path.of("").toAbsolutePath();
    for (Path p = cwd; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("local-stack"))) {
        return new StackLayout(p);
      }
    }
    return new StackLayout(cwd);
  }

  void savePorts(StackPorts ports) {
    try {
      Files.createDirectories(stateDir());
      try (OutputStream out = Files.newOutputStream(portsFile())) {
        ports.toProperties().store(out, "ports of the running local stack (written by 'tributary up')");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + portsFile(), e);
    }
  }

  /** The ports 'up' saved, or the defaults when it never ran. */
  StackPorts loadPorts() {
    if (!Files.exists(portsFile())) {
      return StackPorts.DEFAULTS;
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(portsFile())) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + portsFile(), e);
    }
    return StackPorts.fromProperties(p);
  }
}
