package dev.tributary.e2e.multi;

import dev.tributary.e2e.crash.CrashTarget;
import dev.tributary.e2e.crash.PipelineProcesses;
import dev.tributary.e2e.crash.PipelineProcesses.Wiring;
import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.localstack.process.Ports;
import dev.tributary.localstack.service.RunningService;
import dev.tributary.localstack.service.ServiceClassPath;
import dev.tributary.localstack.service.ServiceLauncher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Several instances of each service (ingest, streams, sink), each its own OS process started by
 * the local stack's launcher with the crash test's settings ({@link PipelineProcesses#settings}),
 * against running Kafka, registry and ClickHouse. The instances of a service share one streams
 * application id or one sink consumer group, so stopping or killing one moves its partitions to
 * the others; a restart keeps the instance's port and state directory.
 *
 * <p>Thread-safe: every method is synchronized.
 */
final class Fleet implements AutoCloseable {

  static final List<CrashTarget> SERVICES = List.of(CrashTarget.INGEST, CrashTarget.STREAMS, CrashTarget.SINK);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

  private final Wiring wiring;
  private final Path dir;
  private final ServiceLauncher launcher;
  private final Map<String, Instance> instances = new LinkedHashMap<>();

  /** One instance: what it runs, where, and its current process. */
  private static final class Instance {
    final CrashTarget service;
    final int ingestPort = Ports.free();
    ManagedProcess process;

    Instance(CrashTarget service) {
      this.service = service;
    }
  }

  private Fleet(Wiring wiring, Path dir) {
    this.wiring = wiring;
    this.dir = dir;
    this.launcher = new ServiceLauncher(ServiceClassPath.current(), dir, Duration.ofSeconds(20));
  }

  /** Starts {@code perService} instances of each service and waits until all serve. */
  static Fleet start(Wiring wiring, Path dir, int perService) {
    Fleet fleet = new Fleet(wiring, dir);
    try {
      // one service at a time: six JVMs starting at once on two cores starve the broker past the
      // services' 30 s startup timeouts
      for (CrashTarget service : SERVICES) {
        List<RunningService> started = new ArrayList<>();
        for (int i = 1; i <= perService; i++) {
          String name = name(service, i);
          fleet.instances.put(name, new Instance(service));
          started.add(fleet.launch(name));
        }
        started.forEach(s -> s.awaitReady(READY_TIMEOUT));
      }
      return fleet;
    } catch (RuntimeException e) {
      fleet.close();
      throw e;
    }
  }

  static String name(CrashTarget service, int instance) {
    return service.name().toLowerCase(Locale.ROOT) + "-" + instance;
  }

  synchronized List<String> names() {
    return List.copyOf(instances.keySet());
  }

  /** The base URLs of the ingest instances, e.g. {@code http://127.0.0.1:41234}. */
  synchronized List<String> ingestUrls() {
    return instances.values().stream().filter(i -> i.service == CrashTarget.INGEST)
        .map(i -> "http://127.0.0.1:" + i.ingestPort).toList();
  }

  /** SIGKILL, then waits until the process is gone. */
  synchronized void kill(String name) {
    instances.get(name).process.kill();
  }

  /** SIGTERM, then waits until the process ended (it leaves its group cleanly). */
  synchronized void stop(String name) {
    instances.get(name).process.stop();
  }

  /** Starts the instance again (same port, same state) and waits until it serves. */
  void restart(String name) {
    RunningService running;
    synchronized (this) {
      running = launch(name);
    }
    running.awaitReady(READY_TIMEOUT);
  }

  Path logFile(String name) {
    return dir.resolve("logs").resolve(name + ".log");
  }

  private RunningService launch(String name) {
    Instance instance = instances.get(name);
    RunningService running = PipelineProcesses.launch(launcher, instance.service,
        PipelineProcesses.mainClass(instance.service), name,
        PipelineProcesses.settings(instance.service, wiring, instance.ingestPort, dir.resolve("state-" + name)),
        logFile(name));
    instance.process = running.process();
    return running;
  }

  /** Kills every instance (the test's data is thrown away; nothing to stop gracefully for). */
  @Override
  public synchronized void close() {
    for (Instance instance : instances.values()) {
      if (instance.process != null) {
        try {
          instance.process.kill();
        } catch (RuntimeException e) {
          System.err.println("could not kill " + instance.process + ": " + e);
        }
      }
    }
  }
}
