package dev.tributary.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GzipBodyTest {

  @Test
  void shouldInflateBodyWithinLimit() throws Exception {
    byte[] plain = "{\"event\":\"e\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(GzipBody.inflate(gzip(plain), 1_000)).isInstanceOfSatisfying(GzipBody.Inflated.class,
        i -> assertThat(i.bytes()).isEqualTo(plain));
  }

  @Test
  void shouldStopInflatingGzipBombAtLimit() throws Exception {
    byte[] bomb = gzip(new byte[50_000_000]);

    assertThat(bomb.length).isLessThan(100_000);
    assertThat(GzipBody.inflate(bomb, 512_000)).isEqualTo(new GzipBody.TooLarge(512_000));
  }

  @Test
  void shouldAcceptBodyOfExactlyTheLimit() throws Exception {
    assertThat(GzipBody.inflate(gzip(new byte[1024]), 1024)).isInstanceOf(GzipBody.Inflated.class);
    assertThat(GzipBody.inflate(gzip(new byte[1025]), 1024)).isInstanceOf(GzipBody.TooLarge.class);
  }

  @Test
  void shouldReportBytesThatAreNotGzip() {
    assertThat(GzipBody.inflate("{}".getBytes(StandardCharsets.UTF_8), 1024)).isInstanceOf(GzipBody.Corrupt.class);
  }

  @Test
  void shouldReportTruncatedGzip() throws Exception {
    byte[] whole = gzip(new byte[10_000]);
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);

    assertThat(GzipBody.inflate(cut, 100_000)).isInstanceOf(GzipBody.Corrupt.class);
  }

  static byte[] gzip(byte[] bytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }
}
