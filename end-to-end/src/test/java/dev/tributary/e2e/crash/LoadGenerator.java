package dev.tributary.e2e.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A well-behaved client of the ingest service under crashes: {@code threads} client threads post
 * {@code POST /v1/batch} of {@value #BATCH_SIZE} events with fresh UUID event ids, paced to
 * {@code eventsPerSecond} in total. A batch that gets no 2xx (an error status, a refused or cut
 * connection, a timeout) is sent again, unchanged (same event ids), after a backoff that honours
 * {@code Retry-After}, until it is acknowledged. Records every acknowledged event id.
 *
 * <p>With several ingest URLs (instances behind a load balancer) the batches are spread over them
 * in turn, and a resend goes to the next one, as a client behind a load balancer would see it.
 *
 * <p>Optionally the first {@code invalidPerBatch} items of every batch lack an identity (no
 * {@code user_id}, no {@code anonymous_id}): ingest must reject exactly those items, each by its index,
 * and keep the others; their event ids are recorded as {@link #rejected()}, and must never land.
 *
 * <p>{@link #stopWhenAcked(int)} and {@link #requestStop()} end the run; a batch already sent is
 * still retried until acknowledged (a real client would too), so at the end every event sent was
 * acknowledged unless the give-up deadline passed.
 *
 * <p>Thread-safe.
 */
public final class LoadGenerator implements AutoCloseable {

  public static final int BATCH_SIZE = 100;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> EVENT_NAMES = List.of("page_viewed", "signup", "add_to_cart", "purchase", "search");
  private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(5);

  private final List<String> urls;
  private final AtomicLong batches = new AtomicLong();
  private final String writeKey;
  private final double eventsPerSecond;
  private final HttpClient http;
  private final List<Thread> threads = new ArrayList<>();
  private final Set<String> acked = ConcurrentHashMap.newKeySet();
  private final Set<String> sent = ConcurrentHashMap.newKeySet();
  private final Set<String> rejected = ConcurrentHashMap.newKeySet();
  private final int invalidPerBatch;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong nextSlotNanos = new AtomicLong(System.nanoTime());
  private final AtomicReference<String> failure = new AtomicReference<>();
  private volatile int stopAtAcked = Integer.MAX_VALUE;
  private volatile boolean stopping;

  private LoadGenerator(List<String> ingestUrls, String writeKey, double eventsPerSecond, int invalidPerBatch) {
    if (invalidPerBatch < 0 || invalidPerBatch >= BATCH_SIZE) {
      throw new IllegalArgumentException("invalid items per batch must be in [0, " + BATCH_SIZE + ")");
    }
    this.invalidPerBatch = invalidPerBatch;
    this.urls = ingestUrls.stream().map(u -> u + "/v1/batch").toList();
    this.writeKey = writeKey;
    this.eventsPerSecond = eventsPerSecond;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
        .build();
  }

  /** Starts {@code threads} client threads posting to {@code ingestUrl} (e.g. {@code http://127.0.0.1:8080}). */
  public static LoadGenerator start(String ingestUrl, String writeKey, int threads, double eventsPerSecond) {
    return start(List.of(ingestUrl), writeKey, threads, eventsPerSecond);
  }

  /** As {@link #start(String, String, int, double)}, over several ingest instances in turn. */
  public static LoadGenerator start(List<String> ingestUrls, String writeKey, int threads, double eventsPerSecond) {
    return start(ingestUrls, writeKey, threads, eventsPerSecond, 0);
  }

  /**
   * As {@link #start(List, String, int, double)}, the first {@code invalidPerBatch} items of each batch
   * without an identity (rejected by ingest); {@code eventsPerSecond} counts every item.
   */
  public static LoadGenerator start(List<String> ingestUrls, String writeKey, int threads, double eventsPerSecond,
      int invalidPerBatch) {
    LoadGenerator g = new LoadGenerator(ingestUrls, writeKey, eventsPerSecond, invalidPerBatch);
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(g::runClient, "load-" + i);
      t.setDaemon(true);
      g.threads.add(t);
      t.start();
    }
    return g;
  }

  /** No new batch once {@code n} events are acknowledged. */
  public void stopWhenAcked(int n) {
    stopAtAcked = n;
  }

  /** No new batch from now on. */
  public void requestStop() {
    stopping = true;
  }

  /** Waits until every client thread finished its last batch. */
  public boolean awaitFinished(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (t.isAlive()) {
        return false;
      }
    }
    return true;
  }

  public boolean finished() {
    return threads.stream().noneMatch(Thread::isAlive);
  }

  /** Batches posted and not yet answered, right now. */
  public int inFlight() {
    return inFlight.get();
  }

  public int ackedCount() {
    return acked.size();
  }

  public Set<String> acked() {
    return Set.copyOf(acked);
  }

  /** Event ids of the items ingest rejected (those sent without an identity). */
  public Set<String> rejected() {
    return Set.copyOf(rejected);
  }

  /** Event ids sent but never acknowledged (only after a give-up). */
  public Set<String> unacked() {
    Set<String> s = new java.util.HashSet<>(sent);
    s.removeAll(acked);
    return s;
  }

  /** Requests that were sent again after no 2xx. */
  public long retries() {
    return retries.get();
  }

  /** Why the load generator gave up (an answer a real client could not retry), if it did. */
  public Optional<String> failure() {
    return Optional.ofNullable(failure.get());
  }

  private boolean shouldStop() {
    return stopping || acked.size() >= stopAtAcked || failure.get() != null;
  }

  private void runClient() {
    try {
      while (!shouldStop()) {
        awaitSlot();
        if (shouldStop()) {
          return;
        }
        postUntilAcknowledged(newBatch());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | IOException e) {
      failure.compareAndSet(null, Thread.currentThread().getName() + ": " + e);
    }
  }

  private void awaitSlot() throws InterruptedException {
    long step = (long) (BATCH_SIZE * 1e9 / eventsPerSecond);
    long slot = nextSlotNanos.getAndUpdate(s -> Math.max(s, System.nanoTime() - step) + step);
    long wait = slot - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  private ArrayNode newBatch() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    ArrayNode batch = JSON.createArrayNode();
    Instant now = Instant.now();
    for (int i = 0; i < BATCH_SIZE; i++) {
      String name = EVENT_NAMES.get(random.nextInt(EVENT_NAMES.size()));
      ObjectNode event = batch.addObject()
          .put("event", name)
          .put("event_id", UUID.randomUUID().toString())
          .put("timestamp", now.minusMillis(random.nextInt(2_000)).toString())
          .put("sent_at", now.toString());
      if (i < invalidPerBatch) {
        continue; // no identity: the rule every event breaks that names neither user nor anonymous id
      }
      if (random.nextBoolean()) {
        event.put("user_id", "user-" + random.nextInt(1_000));
      } else {
        event.put("anonymous_id", "anon-" + random.nextInt(1_000));
      }
      ObjectNode properties = event.putObject("properties").put("plan", random.nextBoolean() ? "free" : "pro");
      if (name.equals("purchase")) {
        properties.put("revenue", (1 + random.nextInt(10_000)) / 100.0);
      }
      event.putObject("context").put("library", "crash-test");
    }
    return batch;
  }

  private void postUntilAcknowledged(ArrayNode batch) throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>(BATCH_SIZE);
    List<String> invalidIds = new ArrayList<>(invalidPerBatch);
    batch.forEach(e -> (invalidIds.size() < invalidPerBatch ? invalidIds : ids).add(e.get("event_id").asText()));
    sent.addAll(ids);
    ObjectNode body = JSON.createObjectNode();
    body.set("batch", batch);
    String json = JSON.writeValueAsString(body);
    long first = batches.getAndIncrement();
    long giveUp = System.nanoTime() + GIVE_UP_AFTER.toNanos();
    long backoffMs = 100;
    for (int attempt = 1; ; attempt++) {
      if (attempt > 1) {
        retries.incrementAndGet();
      }
      HttpResponse<String> response = null;
      HttpRequest request = HttpRequest.newBuilder(URI.create(urls.get((int) ((first + attempt - 1) % urls.size()))))
          .timeout(Duration.ofSeconds(30))
          .header("Authorization", "Bearer " + writeKey)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json))
          .build();
      inFlight.incrementAndGet();
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        // refused, reset or timed out: the batch may or may not be stored; resend it unchanged
      } finally {
        inFlight.decrementAndGet();
      }
      if (response != null && response.statusCode() / 100 == 2) {
        recordAnswer(response, ids, invalidIds);
        return;
      }
      if (response != null && response.statusCode() / 100 == 4 && response.statusCode() != 429
          && response.statusCode() != 408) {
        throw new IllegalStateException("ingest refused a valid batch with " + response.statusCode() + ": "
            + response.body());
      }
      if (System.nanoTime() > giveUp) {
        failure.compareAndSet(null, "a batch got no 2xx within " + GIVE_UP_AFTER + " (last status "
            + (response == null ? "none" : response.statusCode()) + ")");
        return;
      }
      long retryAfterMs = response == null ? -1 : response.headers().firstValue("Retry-After")
          .map(v -> Long.parseLong(v.trim()) * 1000).orElse(-1L);
      Thread.sleep(retryAfterMs >= 0 ? retryAfterMs : backoffMs);
      backoffMs = Math.min(2_000, backoffMs * 2);
    }
  }

  private void recordAnswer(HttpResponse<String> response, List<String> ids, List<String> invalidIds)
      throws IOException {
    JsonNode answer = JSON.readTree(response.body());
    List<Integer> rejectedIndexes = new ArrayList<>();
    JsonNode items = answer.get("rejected");
    if (items != null) {
      items.forEach(item -> rejectedIndexes.add(item.get("index").asInt()));
    }
    List<Integer> invalidIndexes = java.util.stream.IntStream.range(0, invalidIds.size()).boxed().toList();
    if (!rejectedIndexes.equals(invalidIndexes)) {
      throw new IllegalStateException("ingest rejected items " + rejectedIndexes + " of a batch whose invalid items are "
          + invalidIndexes + ": " + items);
    }
    rejected.addAll(invalidIds);
    acked.addAll(ids);
  }

  @Override
  public void close() {
    requestStop();
    threads.forEach(Thread::interrupt);
  }
}
