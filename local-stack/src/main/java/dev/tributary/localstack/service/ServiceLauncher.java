package dev.tributary.localstack.service;

import dev.tributary.common.config.LayeredConfig;
import dev.tributary.common.config.WiringKeys;
import dev.tributary.localstack.process.Java;
import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.localstack.process.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Starts a Tributary service as its own JVM the one way every launcher does — the local stack
 * ({@code tributary up}), the bench and the crash test: {@code java <flags> -cp <class path>
 * <main class>}, output appended to a log file, settings passed as environment variables derived
 * from the services' configuration keys ({@code sink.group.id} → {@code SINK_GROUP_ID}, as
 * {@link LayeredConfig} reads them back), stopped by SIGTERM with a grace period.
 *
 * <p>Immutable and thread-safe.
 */
public final class ServiceLauncher {

  /** How long a service may take to stop after SIGTERM before it is killed. */
  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(30);

  private final ServiceClassPath classPath;
  private final Path workDir;
  private final Duration stopGrace;

  /**
   * @param classPath where the services' classes come from
   * @param workDir the services' working directory
   * @param stopGrace how long a stop waits after SIGTERM before SIGKILL
   */
  public ServiceLauncher(ServiceClassPath classPath, Path workDir, Duration stopGrace) {
    this.classPath = classPath;
    this.workDir = workDir;
    this.stopGrace = stopGrace;
  }

  /** Fails (naming the build command) when a service cannot be started, before anything else starts. */
  public void requireStartable(PipelineService service) {
    classPath.of(service);
  }

  /**
   * Starts {@code service}; returns at once (see {@link RunningService#awaitReady}).
   *
   * @param processName the name in logs, pid files and messages (a stack may run two of a service)
   * @param settings configuration keys → values, e.g. {@code kafka.bootstrap.servers}; the
   *     ingest service needs {@value WiringKeys#HTTP_PORT} so its readiness can be checked; streams
   *     and sink get a free {@value WiringKeys#ADMIN_PORT} unless one is given (see
   *     {@link RunningService#probePort()})
   * @param logFile where stdout and stderr are appended
   */
  public RunningService start(PipelineService service, String processName, Map<String, String> settings, JvmOptions jvm,
      Path logFile) {
    return startVariant(service, service.mainClass(), processName, settings, jvm, logFile);
  }

  /**
   * As {@link #start}, with another main class that runs {@code service} and keeps its settings
   * and readiness signal: a test variant, such as the crash test's sink that never asks the
   * warehouse where to resume (which must stay out of the shipped service).
   */
  public RunningService startVariant(PipelineService service, String mainClass, String processName,
      Map<String, String> settings, JvmOptions jvm, Path logFile) {
    Map<String, String> withPort = withProbePort(service, settings);
    int probePort = probePort(service, withPort);
    Map<String, String> env = environment(withPort);
    List<String> command = command(mainClass, jvm, classPath.of(service));
    long logMark = size(logFile);
    ManagedProcess process = ManagedProcess.start(processName, command, workDir, logFile, env, stopGrace);
    return new RunningService(service, process, logMark, probePort);
  }

  /** {@code java <flags> -cp <classPath> <main class>}. */
  static List<String> command(String mainClass, JvmOptions jvm, String classPath) {
    List<String> command = new ArrayList<>();
    command.add(Java.current());
    command.addAll(jvm.flags());
    command.addAll(List.of("-cp", classPath, mainClass));
    return command;
  }

  /**
   * The environment a service reads {@code settings} from: each key's variable name is
   * {@link LayeredConfig#envName(String)} of it.
   *
   * @throws IllegalArgumentException for a blank key, a null value, or two keys with one variable name
   */
  public static Map<String, String> environment(Map<String, String> settings) {
    Map<String, String> env = new TreeMap<>();
    Map<String, String> keyOf = new TreeMap<>();
    settings.forEach((key, value) -> {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("a setting needs a key (got '" + key + "')");
      }
      if (value == null) {
        throw new IllegalArgumentException("setting " + key + " has no value");
      }
      String name = LayeredConfig.envName(key);
      String previous = keyOf.put(name, key);
      if (previous != null) {
        throw new IllegalArgumentException("settings " + previous + " and " + key + " both map to " + name);
      }
      env.put(name, value);
    });
    return env;
  }

  /**
   * {@code settings}, with a free {@value WiringKeys#ADMIN_PORT} added when a service probed on it
   * has none: each start of such a service then has its own port, so two instances on one host
   * (the bench, a restart while the old port lingers) do not collide on the service's default.
   */
  static Map<String, String> withProbePort(PipelineService service, Map<String, String> settings) {
    if (service.readiness() != PipelineService.Readiness.READYZ || settings.containsKey(service.portKey())) {
      return settings;
    }
    Map<String, String> copy = new TreeMap<>(settings);
    copy.put(service.portKey(), Integer.toString(Ports.free()));
    return copy;
  }

  private static int probePort(PipelineService service, Map<String, String> settings) {
    String key = service.portKey();
    String value = settings.get(key);
    try {
      int port = Integer.parseInt(value == null ? "" : value.trim());
      if (port < 1 || port > 65_535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(service.processName() + " needs " + key
          + " set to a fixed port (1-65535) so its readiness can be checked, got '" + value + "'");
    }
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the size of " + file, e);
    }
  }
}
