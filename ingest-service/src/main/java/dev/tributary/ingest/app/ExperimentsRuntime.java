package dev.tributary.ingest.app;

import dev.tributary.events.ExperimentChange;
import dev.tributary.experiments.definition.Definitions;
import dev.tributary.ingest.config.ExperimentSettings;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.ingest.experiments.DefinitionsReloader;
import dev.tributary.ingest.experiments.DefinitionsWatcher;
import dev.tributary.ingest.experiments.ExperimentMetrics;
import dev.tributary.ingest.kafka.ChangeLogPublisher;
import dev.tributary.ingest.kafka.KafkaChangeLogPublisher;
import dev.tributary.ingest.kafka.RawEventProducerConfig;
import dev.tributary.schema.registry.SchemaRegistryClient;
import dev.tributary.schema.serde.AvroSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The experiments part of the running ingest service: the definitions in force, the watcher that reloads them
 * and the change log producer, started and closed together. Without {@code experiments.definitions.file} it
 * holds no experiments and starts nothing.
 *
 * <p>Thread-safe: {@link #definitions()} is read by request handlers; {@link #close()} is idempotent.
 */
final class ExperimentsRuntime implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ExperimentsRuntime.class);

  private final DefinitionsReloader reloader;
  private final Optional<DefinitionsWatcher> watcher;
  private final Optional<ChangeLogPublisher> changeLog;

  private ExperimentsRuntime(DefinitionsReloader reloader, Optional<DefinitionsWatcher> watcher,
      Optional<ChangeLogPublisher> changeLog) {
    this.reloader = reloader;
    this.watcher = watcher;
    this.changeLog = changeLog;
  }

  /**
   * Loads the definitions file (when configured) and starts watching it.
   *
   * @throws org.apache.kafka.common.config.ConfigException when the file is missing or invalid, naming every problem
   */
  static ExperimentsRuntime start(IngestSettings settings, SchemaRegistryClient registry, MeterRegistry meters) {
    DefinitionsReloader reloader = new DefinitionsReloader(ExperimentSettings.KNOWN_METRICS);
    Optional<Path> file = settings.experiments().definitionsFile();
    if (file.isEmpty()) {
      log.info("No experiment definitions file configured (experiments.definitions.file): no experiments");
      return new ExperimentsRuntime(reloader, Optional.empty(), Optional.empty());
    }
    Map<String, Object> props = RawEventProducerConfig.build(settings.kafkaBootstrapServers(),
        settings.produceTimeout(), settings.producerOverrides());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "tributary-ingest-experiment-changes");
    ChangeLogPublisher changeLog = new KafkaChangeLogPublisher(new KafkaProducer<>(props, new StringSerializer(),
        new AvroSerializer<ExperimentChange>(registry, false)), settings.topicExperimentChanges(),
        settings.produceTimeout());
    DefinitionsWatcher watcher = new DefinitionsWatcher(file.get(), reloader, changeLog,
        new ExperimentMetrics(meters, reloader), Clock.systemUTC());
    try {
      watcher.loadFirst();
    } catch (RuntimeException e) {
      watcher.close();
      changeLog.close();
      throw e;
    }
    watcher.start(settings.experiments().pollInterval());
    return new ExperimentsRuntime(reloader, Optional.of(watcher), Optional.of(changeLog));
  }

  /** The definitions in force, read afresh on every call. */
  Supplier<Definitions> definitions() {
    return reloader::current;
  }

  @Override
  public void close() {
    watcher.ifPresent(DefinitionsWatcher::close);
    changeLog.ifPresent(ChangeLogPublisher::close);
  }
}
