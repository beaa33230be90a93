package dev.tributary.testsupport;

/**
 * What a started fixture offers its facade, whichever backend runs it (a process or a container):
 * addresses, and the owner that {@link #close()} stops.
 *
 * <p>Immutable values; thread-safe as far as their owners are.
 */
final class Running {

  private Running() {}

  /** A Kafka broker answering at {@code bootstrapServers}. */
  record Kafka(String bootstrapServers, AutoCloseable owner) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      owner.close();
    }
  }

  /** An Apicurio Registry whose root URL is {@code baseUrl}, e.g. {@code http://127.0.0.1:8081}. */
  record Registry(String baseUrl, AutoCloseable owner) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      owner.close();
    }
  }

  /** A ClickHouse server: HTTP interface at {@code httpUrl}, native protocol on {@code tcpPort}. */
  record ClickHouse(String httpUrl, int tcpPort, AutoCloseable owner) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      owner.close();
    }
  }
}
