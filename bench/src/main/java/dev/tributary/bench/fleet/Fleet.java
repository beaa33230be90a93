package dev.tributary.bench.fleet;

import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.localstack.process.Ports;
import dev.tributary.localstack.service.PipelineService;
import dev.tributary.localstack.service.RunningService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several instances of each pipeline service (ingest, streams, sink), each its own OS process,
 * against running Kafka, registry and ClickHouse: the one launcher of "N instances per service"
 * shared by the bench's scaling mode ({@code bin/bench --instances}) and the multi-instance test.
 * The caller says how an instance is configured ({@link Settings}: the instances of a service share
 * one streams application id or one sink consumer group, so they split the partitions) and how a
 * process is started ({@link Launch}: the bench's JVM flags and process bookkeeping, or the test's).
 * An instance keeps its ingest port and state directory across restarts, so stopping or killing one
 * moves its partitions to the others and a restart takes them back.
 *
 * <p>Thread-safe: every method that touches the instances is synchronized.
 */
public final class Fleet implements AutoCloseable {

  /** The services a fleet runs, in start order. */
  public static final List<PipelineService> SERVICES = List.of(PipelineService.INGEST, PipelineService.STREAMS,
      PipelineService.SINK);

  /**
   * One instance, fixed for the fleet's life.
   *
   * @param name e.g. {@code sink-2}: the process name and its log file's name
   * @param index 1-based within its service
   * @param ingestPort the HTTP port of an ingest instance (allocated for every instance, used by ingest only)
   * @param stateDir the instance's own state directory (the streams state store of a streams instance)
   */
  public record Slot(PipelineService service, int index, String name, int ingestPort, Path stateDir) {}

  /** The settings (configuration keys → values) of one instance. */
  @FunctionalInterface
  public interface Settings {
    Map<String, String> of(Slot slot);
  }

  /** Starts one instance's process with its settings; returns at once (the fleet waits for readiness). */
  @FunctionalInterface
  public interface Launch {
    RunningService start(Slot slot, Map<String, String> settings);
  }

  private final Settings settings;
  private final Launch launch;
  private final Duration readyTimeout;
  private final Map<String, Slot> slots = new LinkedHashMap<>();
  private final Map<String, ManagedProcess> processes = new LinkedHashMap<>();

  private Fleet(Settings settings, Launch launch, Duration readyTimeout) {
    this.settings = settings;
    this.launch = launch;
    this.readyTimeout = readyTimeout;
  }

  /**
   * Starts {@code perService} instances of each of {@link #SERVICES} and waits until all serve; on
   * failure kills what started.
   *
   * @param stateRoot under which each instance gets {@code state-<name>}
   */
  public static Fleet start(int perService, Path stateRoot, Settings settings, Launch launch, Duration readyTimeout) {
    if (perService < 1) {
      throw new IllegalArgumentException("instances per service must be positive, got " + perService);
    }
    Fleet fleet = new Fleet(settings, launch, readyTimeout);
    try {
      // one service at a time: six JVMs starting at once on two cores starve the broker past the
      // services' 30 s startup timeouts
      for (PipelineService service : SERVICES) {
        List<RunningService> started = new ArrayList<>();
        for (int i = 1; i <= perService; i++) {
          String name = name(service, i);
          Slot slot = new Slot(service, i, name, Ports.free(), stateRoot.resolve("state-" + name));
          synchronized (fleet) {
            fleet.slots.put(name, slot);
            started.add(fleet.launch(slot));
          }
        }
        started.forEach(s -> s.awaitReady(readyTimeout));
      }
      return fleet;
    } catch (RuntimeException e) {
      fleet.close();
      throw e;
    }
  }

  /** The name of instance {@code index} (1-based) of {@code service}, e.g. {@code streams-2}. */
  public static String name(PipelineService service, int index) {
    return service.processName() + "-" + index;
  }

  public synchronized List<String> names() {
    return List.copyOf(slots.keySet());
  }

  /** The base URLs of the ingest instances, e.g. {@code http://127.0.0.1:41234}. */
  public synchronized List<String> ingestUrls() {
    return slots.values().stream().filter(s -> s.service() == PipelineService.INGEST)
        .map(s -> "http://127.0.0.1:" + s.ingestPort()).toList();
  }

  /** The current processes of {@code service}'s instances, in instance order. */
  public synchronized List<ManagedProcess> processes(PipelineService service) {
    return slots.values().stream().filter(s -> s.service() == service).map(s -> processes.get(s.name())).toList();
  }

  /** SIGKILL, then waits until the process is gone. */
  public synchronized void kill(String name) {
    process(name).kill();
  }

  /** SIGTERM, then waits until the process ended (it leaves its group cleanly). */
  public synchronized void stop(String name) {
    process(name).stop();
  }

  /** Starts the instance again (same port, same state) and waits until it serves. */
  public void restart(String name) {
    RunningService running;
    synchronized (this) {
      Slot slot = slots.get(name);
      if (slot == null) {
        throw new IllegalArgumentException("no instance " + name + " in " + slots.keySet());
      }
      running = launch(slot);
    }
    running.awaitReady(readyTimeout);
  }

  /** The log file of an instance's current process. */
  public synchronized Path logFile(String name) {
    return process(name).logFile();
  }

  private ManagedProcess process(String name) {
    ManagedProcess p = processes.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no instance " + name + " in " + slots.keySet());
    }
    return p;
  }

  private RunningService launch(Slot slot) {
    RunningService running = launch.start(slot, settings.of(slot));
    processes.put(slot.name(), running.process());
    return running;
  }

  /** Kills every instance: whoever runs a fleet throws its data away, so there is nothing to stop gracefully for. */
  @Override
  public synchronized void close() {
    for (ManagedProcess p : processes.values()) {
      try {
        p.kill();
      } catch (RuntimeException e) {
        System.err.println("could not kill " + p + ": " + e);
      }
    }
  }
}
