package dev.tributary.localstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Port helpers shared by every launcher: free ports for tests running side by side,
 * and a cheap "is something listening" probe used before slower protocol-level readiness checks.
 *
 * <p>Stateless and thread-safe.
 */
public final class Ports {

  private Ports() {}

  /** Where ports handed out by {@link #free()} start; they end below the kernel's ephemeral range. */
  static final int FIRST = 20_000;
  /** Linux's default ephemeral range starts here, when its setting cannot be read. */
  private static final int EPHEMERAL_START = 32_768;
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  /**
   * Returns a port that was free on 127.0.0.1 a moment ago, below the kernel's ephemeral port range: an
   * outgoing connection (of which Kafka clients make many) takes its local port from that range, so it cannot
   * take this one between this call and the caller's bind, as it could a port the kernel chose. Ports are
   * picked at random and never twice in a JVM, so launchers in other JVMs rarely pick the same one; if one
   * does, the launcher fails loudly (naming the log file). Falls back to a kernel-chosen port when the
   * ephemeral range starts too low to leave room.
   */
  public static int free() {
    int end = ephemeralStart();
    if (end - FIRST >= 1_000) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (int attempt = 0; attempt < 100; attempt++) {
        int port = FIRST + random.nextInt(end - FIRST);
        if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
          return port;
        }
      }
    }
    try {
      return bind(0);
    } catch (IOException e) {
      throw new UncheckedIOException("no free local port", e);
    }
  }

  /** The first port of the kernel's ephemeral range (Linux), or {@value #EPHEMERAL_START} when unknown. */
  static int ephemeralStart() {
    try {
      // not Files.readString: on this /proc file (size 0) it returned only the first byte
      String[] range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
      return Integer.parseInt(range[0]);
    } catch (IOException | RuntimeException e) {
      return EPHEMERAL_START;
    }
  }

  private static boolean bindable(int port) {
    try {
      bind(port);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Binds {@code port} on 127.0.0.1 (0: one the kernel picks) without address reuse, then frees it; returns the port. */
  private static int bind(int port) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return socket.getLocalPort();
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
