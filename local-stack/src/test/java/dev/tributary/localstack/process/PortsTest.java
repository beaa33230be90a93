package dev.tributary.localstack.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void shouldHandOutBindablePortsBelowTheKernelsEphemeralRangeAndNeverTheSameTwice() throws IOException {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int port = Ports.free();
      assertThat(port).isBetween(Ports.FIRST, Ports.ephemeralStart() - 1);
      assertThat(seen.add(port)).as("port " + port + " handed out twice").isTrue();
    }
    int port = Ports.free();
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void shouldReadTheEphemeralRangeOfThisKernel() {
    assertThat(Ports.ephemeralStart()).isGreaterThan(1024);
  }
}
