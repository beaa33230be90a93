package dev.tributary.testsupport.containers;

import dev.tributary.localstack.component.ClickHouseConfig;
import java.time.Duration;
import java.util.Map;

/**
 * The ClickHouse container's configuration, giving tests what the process fixture gives them
 * ({@link ClickHouseConfig}): user {@code default} without password and with full access from any
 * address, the read-only user {@code analyst}/{@code analyst} ({@code readonly=2}: reads and output
 * settings, no writes, no DDL), server time zone UTC. The image's entrypoint would otherwise
 * restrict {@code default} to connections from inside the container, so its user setup is skipped.
 *
 * <p>Stateless; thread-safe.
 */
public final class ClickHouseContainerSettings {

  public static final int HTTP_PORT = 8123;
  public static final int TCP_PORT = 9000;
  /** Answers 200 "Ok." once the server accepts queries; needs no user. */
  public static final String READY_PATH = "/ping";
  public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  /** The open-files limit the image's documentation and docker-compose.yml give the server. */
  public static final long OPEN_FILES = 262_144;
  public static final String USERS_FILE = "/etc/clickhouse-server/users.d/tributary.xml";
  public static final String CONFIG_FILE = "/etc/clickhouse-server/config.d/tributary.xml";
  /** The read-only profile; its own name, so it does not merge into the image's {@code readonly} profile. */
  static final String ANALYST_PROFILE = "tributary_analyst";

  private ClickHouseContainerSettings() {}

  public static Map<String, String> environment() {
    return Map.of("CLICKHOUSE_SKIP_USER_SETUP", "1");
  }

  /** Merged by the server into the image's users.xml (whose {@code default} has no password). */
  public static String usersXml() {
    return """
        <?xml version="1.0"?>
        <!-- written by the tributary test fixtures -->
        <clickhouse>
          <profiles>
            <%1$s>
              <readonly>2</readonly>
            </%1$s>
          </profiles>
          <users>
            <default>
              <networks><ip>::/0</ip></networks>
            </default>
            <%2$s>
              <password>%3$s</password>
              <networks><ip>::/0</ip></networks>
              <profile>%1$s</profile>
              <quota>default</quota>
            </%2$s>
          </users>
        </clickhouse>
        """.formatted(ANALYST_PROFILE, ClickHouseConfig.ANALYST_USER, ClickHouseConfig.ANALYST_PASSWORD);
  }

  /** Merged by the server into the image's config.xml. */
  public static String configXml() {
    return """
        <?xml version="1.0"?>
        <!-- written by the tributary test fixtures -->
        <clickhouse>
          <timezone>UTC</timezone>
        </clickhouse>
        """;
  }
}
