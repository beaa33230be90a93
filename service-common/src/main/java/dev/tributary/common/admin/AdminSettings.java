package dev.tributary.common.admin;

import dev.tributary.common.config.WiringKeys;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Where a service without its own HTTP server (streams, sink) serves its admin endpoints: the
 * same two keys, {@value WiringKeys#ADMIN_HOST} and {@value WiringKeys#ADMIN_PORT}, in each
 * service's {@code ConfigDef}, with a per-service default port so that both run side by side on
 * one host.
 *
 * <p>Immutable value; thread-safe.
 *
 * @param host interface to bind, e.g. {@code 0.0.0.0}
 * @param port TCP port; 0 binds any free port (see {@link AdminServer#port()})
 */
public record AdminSettings(String host, int port) {

  public AdminSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("admin host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("admin port must be 0-65535, got " + port);
    }
  }

  /** Defines the admin keys in {@code def}, {@code defaultPort} being this service's default. */
  public static ConfigDef define(ConfigDef def, int defaultPort) {
    return def
        .define(WiringKeys.ADMIN_HOST, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyStringWithoutControlChars(),
            Importance.LOW, "Interface of the admin HTTP endpoints: GET /healthz (the process and its processing"
                + " thread are alive), /readyz (it processes records) and /metrics (Prometheus text format).")
        .define(WiringKeys.ADMIN_PORT, Type.INT, defaultPort, Range.between(0, 65_535), Importance.MEDIUM,
            "TCP port of the admin HTTP endpoints (/healthz, /readyz, /metrics); 0 binds any free port. The"
                + " service does not start when the port is taken: give each instance on one host its own.");
  }

  /** The settings from a configuration whose definition went through {@link #define}. */
  public static AdminSettings from(AbstractConfig values) {
    return new AdminSettings(values.getString(WiringKeys.ADMIN_HOST), values.getInt(WiringKeys.ADMIN_PORT));
  }
}
