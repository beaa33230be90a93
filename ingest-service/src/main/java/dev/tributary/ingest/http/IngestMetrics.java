package dev.tributary.ingest.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The collector's Prometheus metrics: requests by route and status, events accepted and rejected
 * (by rule), webhook signature failures (by source and reason), Kafka produce latency and the in-flight gauges. Route labels are limited to the known
 * routes so that scanners probing random paths cannot grow the series without bound.
 *
 * <p>Thread-safe (Micrometer meters are).
 */
public final class IngestMetrics {

  private static final Set<String> KNOWN_ROUTES = Set.of("/v1/events", "/v1/batch", "/v1/import", "/v1/track",
      "/v1/identify", "/v1/page", "/v1/screen", "/v1/group", "/v1/alias", "/v1/experiments/assignments", "/healthz",
      "/readyz", "/metrics");

  private static final String WEBHOOKS = "/v1/webhooks/";
  private static final String WEBHOOK_ROUTE = "/v1/webhooks/{source}";

  private final PrometheusMeterRegistry registry;
  private final Timer produceLatency;

  public IngestMetrics() {
    this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  public IngestMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.produceLatency = Timer.builder("ingest.produce.latency")
        .description("Time from handing a request's events to Kafka until all were acknowledged or failed")
        .publishPercentileHistogram()
        .register(registry);
  }

  /** Registers a gauge (e.g. in-flight events) read on every scrape. */
  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }

  /** Counts one answered request. */
  public void request(String path, int status) {
    String route = KNOWN_ROUTES.contains(path) ? path : path.startsWith(WEBHOOKS) ? WEBHOOK_ROUTE : "other";
    Counter.builder("ingest.requests").description("HTTP requests by route and status")
        .tag("route", route).tag("status", Integer.toString(status)).register(registry).increment();
  }

  /** Counts events stored in Kafka. */
  public void accepted(int events) {
    Counter.builder("ingest.events.accepted").description("Events acknowledged by Kafka")
        .register(registry).increment(events);
  }

  /** Counts events refused, by reason (a validation rule code, or rate_limited, unavailable...). */
  public void rejected(String reason, int events) {
    Counter.builder("ingest.events.rejected").description("Events refused, by reason")
        .tag("reason", reason).register(registry).increment(events);
  }

  /**
   * Counts a webhook delivery refused for its signature, by configured source (unknown sources are
   * answered 404 before this, so the label set stays bounded) and {@code WebhookSignature.Reason} code.
   */
  public void webhookRefused(String source, String reason) {
    Counter.builder("ingest.webhook.signature.failures")
        .description("Webhook deliveries answered 401: signature missing, malformed, not matching, or outside the tolerance")
        .tag("source", source).tag("reason", reason).register(registry).increment();
  }

  /** Records how long one publish took. */
  public void produceLatency(Duration duration, boolean stored) {
    produceLatency.record(duration);
    if (!stored) {
      Counter.builder("ingest.produce.failures").description("Publishes that Kafka did not acknowledge in time")
          .register(registry).increment();
    }
  }

  /** The registry (for wiring extra meters such as Kafka client metrics). */
  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }
}
