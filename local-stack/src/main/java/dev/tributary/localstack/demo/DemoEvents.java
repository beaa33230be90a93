package dev.tributary.localstack.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Generates realistic synthetic product-analytics events for the demo: a few thousand users (some
 * still anonymous), a funnel-shaped mix of event names (page views ≫ product views ≫ add to cart ≫
 * purchase, plus searches and sign-ups), purchases with revenue, client timestamps slightly behind
 * {@code sent_at} as real SDKs send them. Pure given its seed and clock, so it is unit-tested.
 *
 * <p>Not thread-safe (owns a {@link Random}); use one per sending thread.
 */
public final class DemoEvents {

  /** Event names with their weights (out of 1000). */
  static final Map<String, Integer> WEIGHTS = weights();
  static final String[] PAGES = {"/", "/pricing", "/docs", "/blog/launch", "/products", "/cart", "/account"};
  static final String[] PRODUCTS = {"p-100", "p-101", "p-102", "p-200", "p-201", "p-300", "p-301", "p-302"};
  static final String[] PLANS = {"free", "team", "business"};
  static final String[] QUERIES = {"shoes", "laptop stand", "usb-c cable", "desk lamp", "headphones"};

  private final Random random;
  private final Clock clock;
  private final int users;

  /**
   * @param users size of the user population (ids {@code u-00001}...)
   */
  public DemoEvents(long seed, Clock clock, int users) {
    if (users < 1) {
      throw new IllegalArgumentException("users must be positive, got " + users);
    }
    this.random = new Random(seed);
    this.clock = clock;
    this.users = users;
  }

  /** A batch request body: {@code {"batch":[...]}} with {@code size} events. */
  public String batchJson(int size) {
    return Json.write(Map.of("batch", batch(size)));
  }

  /**
   * {@code size} calls: funnel events, plus an {@code identify} right after the sign-up of a visitor
   * who browsed anonymously (linking the anonymous id to the new user id, as an SDK does at sign-up),
   * so the demo's persons and events_by_person_v have something to show.
   */
  public List<Map<String, Object>> batch(int size) {
    List<Map<String, Object>> events = new ArrayList<>(size);
    while (events.size() < size) {
      Map<String, Object> event = next();
      events.add(event);
      String user = (String) event.get("user_id");
      if (events.size() < size && "signup".equals(event.get("event")) && anonymousBefore(user)) {
        events.add(identify(user, event));
      }
    }
    return events;
  }

  private static boolean anonymousBefore(String userId) {
    return userId != null && Integer.parseInt(userId.substring(2)) % 5 == 0;
  }

  private Map<String, Object> identify(String userId, Map<String, Object> signup) {
    Map<String, Object> call = new LinkedHashMap<>();
    call.put("type", "identify");
    call.put("event_id", new UUID(random.nextLong(), random.nextLong()).toString());
    call.put("user_id", userId);
    call.put("anonymous_id", "anon-" + userId.substring(2));
    call.put("timestamp", signup.get("timestamp"));
    call.put("sent_at", signup.get("sent_at"));
    call.put("traits", Map.of("plan", ((Map<?, ?>) signup.get("properties")).get("plan")));
    return call;
  }

  /** One event as the JSON-ready map the ingest API accepts. */
  public Map<String, Object> next() {
    Instant sentAt = clock.instant();
    Instant timestamp = sentAt.minusMillis(random.nextInt(2_000));
    String name = pickName();
    int user = 1 + random.nextInt(users);
    Map<String, Object> event = new LinkedHashMap<>();
    if (name.equals("page_viewed")) {
      event.put("type", "page"); // a Segment page call: sessions count it as a page view and take its path as entry page
    }
    event.put("event", name);
    event.put("event_id", new UUID(random.nextLong(), random.nextLong()).toString());
    // one user in five browses anonymously until sign-up, like a real site's traffic
    if (user % 5 == 0 && !name.equals("signup") && !name.equals("purchase")) {
      event.put("anonymous_id", "anon-" + String.format(java.util.Locale.ROOT, "%05d", user));
    } else {
      event.put("user_id", String.format(java.util.Locale.ROOT, "u-%05d", user));
    }
    event.put("timestamp", timestamp.toString());
    event.put("sent_at", sentAt.toString());
    event.put("properties", properties(name));
    event.put("context", Map.of("library", Map.of("name", "tributary-demo", "version", "1.0"), "locale", "en-US"));
    return event;
  }

  private String pickName() {
    int roll = random.nextInt(1000);
    for (Map.Entry<String, Integer> e : WEIGHTS.entrySet()) {
      roll -= e.getValue();
      if (roll < 0) {
        return e.getKey();
      }
    }
    throw new IllegalStateException("weights must add up to 1000");
  }

  private Map<String, Object> properties(String name) {
    Map<String, Object> p = new LinkedHashMap<>();
    switch (name) {
      case "page_viewed" -> {
        String path = pick(PAGES);
        p.put("path", path);
        p.put("url", "https://shop.example" + path);
      }
      case "search" -> p.put("query", pick(QUERIES));
      case "product_viewed", "add_to_cart" -> {
        p.put("product_id", pick(PRODUCTS));
        p.put("price", price());
      }
      case "checkout_started" -> p.put("items", 1 + random.nextInt(4));
      case "purchase" -> {
        p.put("order_id", "o-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
        p.put("revenue", price().multiply(BigDecimal.valueOf(1 + random.nextInt(3))));
        p.put("currency", "USD");
      }
      case "signup" -> p.put("plan", pick(PLANS));
      default -> { }
    }
    return p;
  }

  private BigDecimal price() {
    return BigDecimal.valueOf(499 + random.nextInt(19_500)).movePointLeft(2).setScale(2, RoundingMode.UNNECESSARY);
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  private static Map<String, Integer> weights() {
    Map<String, Integer> w = new LinkedHashMap<>();
    w.put("page_viewed", 450);
    w.put("product_viewed", 220);
    w.put("search", 120);
    w.put("add_to_cart", 100);
    w.put("checkout_started", 50);
    w.put("purchase", 35);
    w.put("signup", 25);
    return java.util.Collections.unmodifiableMap(w);
  }
}
