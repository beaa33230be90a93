package dev.tributary.common.admin;

import java.util.Objects;

/**
 * The answer of one health or readiness probe: whether the service passes it and a short detail
 * for the operator (e.g. the Kafka Streams state), which {@link AdminServer} returns as the body.
 *
 * <p>Immutable value; thread-safe.
 *
 * @param ok whether the probe passes (HTTP 200) or not (HTTP 503)
 * @param detail what was seen, e.g. {@code "state RUNNING"} or why the service is not ready
 */
public record Check(boolean ok, String detail) {

  public Check {
    Objects.requireNonNull(detail, "detail");
  }

  public static Check passing(String detail) {
    return new Check(true, detail);
  }

  public static Check failing(String detail) {
    return new Check(false, detail);
  }
}
