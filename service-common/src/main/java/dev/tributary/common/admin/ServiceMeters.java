package dev.tributary.common.admin;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The meter registry a service process exports on {@code /metrics}: Prometheus, with the JVM's
 * memory, GC, thread, class-loading, CPU and uptime meters already bound, so every service answers
 * the same basic questions (is it paused in GC, is it starved of CPU) next to its own meters.
 *
 * <p>Stateless; the returned registry is thread-safe. Create one per process: the GC binder
 * listens to the JVM for the life of the process.
 */
public final class ServiceMeters {

  private ServiceMeters() {}

  /** A new Prometheus registry with the JVM and process meters bound. */
  public static PrometheusMeterRegistry prometheus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }
}
