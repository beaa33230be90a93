package dev.tributary.ingest.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * In-memory {@link EventPublisher}: records what it was given and either acknowledges at once,
 * fails, or holds the requests until the test settles them.
 */
public final class FakeEventPublisher implements EventPublisher {

  /** What {@link #publish} does with a request. */
  public enum Mode { ACKNOWLEDGE, FAIL, HOLD }

  private final List<OutgoingEvent> published = new ArrayList<>();
  private final List<CompletableFuture<Void>> held = new ArrayList<>();
  private volatile Mode mode = Mode.ACKNOWLEDGE;

  public void mode(Mode mode) {
    this.mode = mode;
  }

  @Override
  public synchronized CompletionStage<Void> publish(List<OutgoingEvent> events) {
    return switch (mode) {
      case ACKNOWLEDGE -> {
        published.addAll(events);
        yield CompletableFuture.completedFuture(null);
      }
      case FAIL -> CompletableFuture.failedFuture(new IllegalStateException("broker unreachable (fake)"));
      case HOLD -> {
        CompletableFuture<Void> f = new CompletableFuture<>();
        held.add(f);
        yield f;
      }
    };
  }

  /** Events acknowledged so far. */
  public synchronized List<OutgoingEvent> published() {
    return List.copyOf(published);
  }

  /** Requests held and not yet released. */
  public synchronized int heldCount() {
    return held.size();
  }

  /** Completes every held request. */
  public synchronized void releaseHeld() {
    held.forEach(f -> f.complete(null));
    held.clear();
  }

  @Override
  public void close() {}
}
