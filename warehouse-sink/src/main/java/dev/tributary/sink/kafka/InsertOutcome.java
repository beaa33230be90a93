package dev.tributary.sink.kafka;

import dev.tributary.sink.batching.Batch;
import dev.tributary.sink.batching.WarehouseException;

/** How one INSERT attempt of a batch ended, as seen by the consume thread. Immutable. */
sealed interface InsertOutcome {

  Batch batch();

  /** The warehouse now holds the whole batch (written now, or found there by the retry check). */
  record Written(Batch batch) implements InsertOutcome {}

  /** The attempt failed; after a retriable failure the batch may or may not have landed. */
  record Failed(Batch batch, WarehouseException error) implements InsertOutcome {}
}
