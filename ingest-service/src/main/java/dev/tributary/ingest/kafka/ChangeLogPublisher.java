package dev.tributary.ingest.kafka;

import dev.tributary.events.ExperimentChange;
import java.util.List;

/**
 * Where the experiments change log goes: a port so the reload loop is tested with a fake.
 *
 * <p>Implementations are thread-safe.
 */
public interface ChangeLogPublisher extends AutoCloseable {

  /**
   * Publishes the records, keyed by experiment key, and returns once every one is acknowledged.
   *
   * @throws Exception when any record was not acknowledged in time (the caller retries all of them; their
   *     ids are deterministic, so a record stored twice is one row in the warehouse)
   */
  void publish(List<ExperimentChange> records) throws Exception;

  @Override
  void close();
}
