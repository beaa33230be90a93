package dev.tributary.bench.gen;

import dev.tributary.events.CleanEvent;
import dev.tributary.events.RawEvent;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * The benchmark's event mix: product-analytics events of 200–300 bytes of JSON, seven event names
 * in funnel proportions (page views ≫ product views ≫ … ≫ purchases), 50,000 users of which one in
 * five browses anonymously, purchases with revenue, client timestamps up to 2 s behind
 * {@code sent_at}. Written with a {@link StringBuilder} rather than a JSON library so that the load
 * generator, which shares the two cores with the system under test, stays cheap.
 *
 * <p>Deterministic for a seed and clock input; pure. Not thread-safe (owns a {@link Random}); one
 * per generating thread.
 */
public final class EventMix {

  public static final int USERS = 50_000;
  /** Event names and their weights out of 1000. */
  public static final List<String> NAMES = List.of("page_viewed", "product_viewed", "search", "add_to_cart",
      "checkout_started", "purchase", "signup");
  private static final int[] WEIGHTS = {450, 220, 120, 100, 50, 35, 25};
  /** Name of the freshness probe events (see the bench README). */
  public static final String PROBE_EVENT = "bench_probe";
  public static final String SOURCE = "bench";

  private static final String[] PAGES = {"/", "/pricing", "/docs", "/blog/launch", "/products", "/cart", "/account"};
  private static final String[] PRODUCTS = {"p-100", "p-101", "p-102", "p-200", "p-201", "p-300", "p-301", "p-302"};
  private static final String[] PLANS = {"free", "team", "business"};
  private static final String[] QUERIES = {"shoes", "laptop stand", "usb-c cable", "desk lamp", "headphones"};
  private static final String CONTEXT =
      "{\"library\":{\"name\":\"tributary-bench\",\"version\":\"1.0\"},\"locale\":\"en-US\"}";

  private final Random random;

  public EventMix(long seed) {
    this.random = new Random(seed);
  }

  /** The next event of the mix, sent at {@code nowMs}. */
  public GeneratedEvent next(long nowMs) {
    String name = pickName();
    String id = randomId();
    Properties p = properties(name);
    return event(name, id, nowMs, p.json(), p.revenue());
  }

  /** A freshness probe with a caller-chosen id (see the README), otherwise like any event. */
  public GeneratedEvent probe(String eventId, long nowMs) {
    return event(PROBE_EVENT, eventId, nowMs, "{}", null);
  }

  private record Properties(String json, Double revenue) {
    Properties(String json) {
      this(json, null);
    }
  }

  private GeneratedEvent event(String name, String eventId, long nowMs, String properties, Double rev) {
    int user = 1 + random.nextInt(USERS);
    long timestampMs = nowMs - random.nextInt(2_000);
    String userId = null;
    String anonymousId = null;
    if (user % 5 == 0 && !name.equals("signup") && !name.equals("purchase")) {
      anonymousId = "anon-" + pad(user);
    } else {
      userId = "u-" + pad(user);
    }
    StringBuilder json = new StringBuilder(320).append("{\"event\":\"").append(name)
        .append("\",\"event_id\":\"").append(eventId).append('"');
    if (userId != null) {
      json.append(",\"user_id\":\"").append(userId).append('"');
    } else {
      json.append(",\"anonymous_id\":\"").append(anonymousId).append('"');
    }
    json.append(",\"timestamp\":\"").append(Instant.ofEpochMilli(timestampMs))
        .append("\",\"sent_at\":\"").append(Instant.ofEpochMilli(nowMs))
        .append("\",\"properties\":").append(properties)
        .append(",\"context\":").append(CONTEXT).append('}');
    return new GeneratedEvent(eventId, name, userId, anonymousId, userId != null ? userId : anonymousId,
        timestampMs, nowMs, properties, CONTEXT, rev, json.toString());
  }

  /** {@code {"batch":[...]}} of the given events' JSON, as {@code POST /v1/batch} takes it. */
  public static String batchBody(List<GeneratedEvent> events) {
    StringBuilder body = new StringBuilder(events.size() * 300 + 16).append("{\"batch\":[");
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        body.append(',');
      }
      body.append(events.get(i).json());
    }
    return body.append("]}").toString();
  }

  /** The RawEvent the ingest service would write for this event received at {@code receivedAtMs}. */
  public static RawEvent toRaw(GeneratedEvent e, long receivedAtMs) {
    return RawEvent.newBuilder()
        .setEventId(e.eventId())
        .setSource(SOURCE)
        .setReceivedAt(Instant.ofEpochMilli(receivedAtMs))
        .setPayload(e.json())
        .setRequestId(null)
        .setClientIp(null)
        .build();
  }

  /**
   * The CleanEvent the transform would emit: event time corrected for client clock skew as
   * {@code received_at - (sent_at - timestamp)}.
   */
  public static CleanEvent toClean(GeneratedEvent e, long receivedAtMs) {
    return CleanEvent.newBuilder()
        .setEventId(e.eventId())
        .setType("track")
        .setEvent(e.name())
        .setUserId(e.userId())
        .setAnonymousId(e.anonymousId())
        .setTimestamp(Instant.ofEpochMilli(receivedAtMs - (e.sentAtMs() - e.timestampMs())))
        .setOriginalTimestamp(Instant.ofEpochMilli(e.timestampMs()))
        .setSentAt(Instant.ofEpochMilli(e.sentAtMs()))
        .setReceivedAt(Instant.ofEpochMilli(receivedAtMs))
        .setSource(SOURCE)
        .setProperties(e.propertiesJson())
        .setContext(e.contextJson())
        .setRevenue(e.revenue())
        .build();
  }

  private String pickName() {
    int roll = random.nextInt(1000);
    for (int i = 0; i < WEIGHTS.length; i++) {
      roll -= WEIGHTS[i];
      if (roll < 0) {
        return NAMES.get(i);
      }
    }
    throw new IllegalStateException("weights must add up to 1000");
  }

  private Properties properties(String name) {
    return switch (name) {
      case "page_viewed" -> new Properties("{\"path\":\"" + pick(PAGES) + "\"}");
      case "search" -> new Properties("{\"query\":\"" + pick(QUERIES) + "\",\"results\":" + random.nextInt(50) + "}");
      case "product_viewed", "add_to_cart" ->
          new Properties("{\"product_id\":\"" + pick(PRODUCTS) + "\",\"price\":" + price() + "}");
      case "checkout_started" -> new Properties("{\"items\":" + (1 + random.nextInt(4)) + "}");
      case "purchase" -> {
        long cents = priceCents() * (1 + random.nextInt(3));
        yield new Properties("{\"order_id\":\"o-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36)
            + "\",\"revenue\":" + decimal(cents) + ",\"currency\":\"USD\"}", cents / 100.0);
      }
      case "signup" -> new Properties("{\"plan\":\"" + pick(PLANS) + "\"}");
      default -> new Properties("{}");
    };
  }

  private String randomId() {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  private long priceCents() {
    return 499 + random.nextInt(19_500);
  }

  private String price() {
    return decimal(priceCents());
  }

  private static String decimal(long cents) {
    return cents / 100 + "." + (cents % 100 < 10 ? "0" : "") + cents % 100;
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  private static String pad(int user) {
    return String.format(Locale.ROOT, "%05d", user);
  }
}
