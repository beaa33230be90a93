package dev.tributary.sink.testing;

import dev.tributary.sink.batching.Batch;
import dev.tributary.sink.batching.WarehouseWriter;

/**
 * Inserts for tests that write batches straight through a writer, not through the sink: the
 * partition is claimed first under {@link #EPOCH}, as the sink claims it on assignment, so the
 * warehouse's fence lets the batch in.
 *
 * <p>Stateless; thread-safe.
 */
public final class Claimed {

  /** The epoch such tests write under (any generation a real group has is at least 1). */
  public static final long EPOCH = 1;

  private Claimed() {}

  /** Claims the batch's partition under {@link #EPOCH} and inserts the batch under it. */
  public static void insert(WarehouseWriter writer, Batch batch) {
    writer.claim(batch.table(), batch.source().topic(), batch.source().partition(), EPOCH);
    writer.insert(batch, EPOCH);
  }
}
