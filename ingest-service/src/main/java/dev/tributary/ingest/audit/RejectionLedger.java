package dev.tributary.ingest.audit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where the ingest service records what it refused, before it answers the refusal: the router
 * answers a 4xx only once {@link #record} completed, so every refusal a client was told about is in
 * the audit ledger (see docs/AUDIT.md, "Rejected at the door").
 *
 * <p>Implementations are thread-safe; {@link #record} never blocks its caller (an event loop).
 */
public interface RejectionLedger extends AutoCloseable {

  /** Completes when the rejections are stored (acknowledged by Kafka), exceptionally when they are not. */
  CompletionStage<Void> record(Rejections rejections);

  @Override
  default void close() {}

  /**
   * A ledger that stores nothing and completes at once: for routers built for tests of other
   * behaviour, where no audit topic exists.
   */
  static RejectionLedger discarding() {
    return rejections -> CompletableFuture.completedFuture(null);
  }
}
