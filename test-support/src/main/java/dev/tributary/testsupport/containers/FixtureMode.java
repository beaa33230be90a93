package dev.tributary.testsupport.containers;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The value of the one switch that decides what the integration tests' Kafka, Apicurio Registry and
 * ClickHouse are: {@code -Dtributary.fixtures=processes|containers|auto}.
 *
 * <p>Immutable; thread-safe.
 */
public enum FixtureMode {
  /** The in-JVM broker, the Apicurio process and the installed {@code clickhouse-server} binary. */
  PROCESSES,
  /** Containers of the images pinned in docker-compose.yml; fails when no Docker engine answers. */
  CONTAINERS,
  /** Containers when a Docker engine answers, else processes (the default). */
  AUTO;

  /** The system property holding the switch. */
  public static final String PROPERTY = "tributary.fixtures";

  /**
   * Parses the property's value; unset or blank means {@link #AUTO}.
   *
   * @throws IllegalArgumentException naming the property and the accepted values
   */
  public static FixtureMode parse(String value) {
    if (value == null || value.isBlank()) {
      return AUTO;
    }
    String wanted = value.strip().toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(m -> m.name().equals(wanted)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("-D" + PROPERTY + "=" + value + " is not one of "
            + Arrays.stream(values()).map(FixtureMode::propertyValue).collect(Collectors.joining("|"))));
  }

  /** How the mode is written on the command line, e.g. {@code containers}. */
  public String propertyValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
