package dev.tributary.localstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Port helpers shared by every launcher: free ephemeral ports for tests running side by side,
 * and a cheap "is something listening" probe used before slower protocol-level readiness checks.
 *
 * <p>Stateless and thread-safe.
 */
public final class Ports {

  private Ports() {}

  /**
   * Returns a port that was free on 127.0.0.1 a moment ago. Another process may still grab it
   * before the caller binds it; the launchers fail loudly (naming the log file) if that happens.
   */
  public static int free() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free local port", e);
    }
  }

  /** True when a TCP connection to {@code host:port} succeeds within 200 ms. */
  public static boolean isListening(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Throws a clear error when a fixed port (local stack defaults) is already taken. */
  public static void requireFree(String what, int port) {
    if (isListening("127.0.0.1", port)) {
      throw new IllegalStateException(
          what + " port " + port + " is already in use on 127.0.0.1; stop whatever listens there"
              + " ('tributary down', or find it with 'ss -ltnp | grep :" + port + "') or choose another port");
    }
  }
}
