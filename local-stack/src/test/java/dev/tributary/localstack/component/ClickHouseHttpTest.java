package dev.tributary.localstack.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClickHouseHttpTest {

  @Test
  void shouldSendOnceMoreWhenTheConnectionClosedBeforeAnyAnswer() throws Exception {
    try (FlakyServer server = new FlakyServer(1)) {
      ClickHouseHttp client = new ClickHouseHttp(server.url(), "default", "", Duration.ofSeconds(5));

      assertThat(client.query("SELECT 1")).isEqualTo("1\n");
      assertThat(server.connections.get()).isEqualTo(2);
    }
  }

  @Test
  void shouldSendOnceMoreWhenTheConnectionWasResetBeforeAnyAnswer() throws Exception {
    try (FlakyServer server = new FlakyServer(1, true)) {
      ClickHouseHttp client = new ClickHouseHttp(server.url(), "default", "", Duration.ofSeconds(5));

      assertThat(client.query("SELECT 1")).isEqualTo("1\n");
      assertThat(server.connections.get()).isEqualTo(2);
    }
  }

  @Test
  void shouldGiveUpAfterTheSecondClosedConnection() throws Exception {
    try (FlakyServer server = new FlakyServer(2)) {
      ClickHouseHttp client = new ClickHouseHttp(server.url(), "default", "", Duration.ofSeconds(5));

      assertThatThrownBy(() -> client.query("SELECT 1")).isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("did not answer");
      assertThat(server.connections.get()).isEqualTo(2);
    }
  }

  /**
   * Closes its first {@code closing} connections without a byte of answer (with a reset when
   * {@code reset}), then answers {@code 1}.
   */
  private static final class FlakyServer implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread thread;

    FlakyServer(int closing) throws IOException {
      this(closing, false);
    }

    FlakyServer(int closing, boolean reset) throws IOException {
      thread = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket s = socket.accept()) {
            int n = connections.incrementAndGet();
            InputStream in = s.getInputStream();
            byte[] buffer = new byte[8192];
            int read = in.read(buffer); // the request (small enough for one read here)
            if (n <= closing && reset) {
              s.setSoLinger(true, 0); // close() sends RST instead of FIN
            }
            if (n > closing && read > 0) {
              OutputStream out = s.getOutputStream();
              out.write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n1\n")
                  .getBytes(StandardCharsets.US_ASCII));
              out.flush();
            }
          } catch (IOException e) {
            return;
          }
        }
      }, "flaky-clickhouse");
      thread.setDaemon(true);
      thread.start();
    }

    String url() {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
