package dev.tributary.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentityHashTest {

  private static final long K0 = 0x0706050403020100L;
  private static final long K1 = 0x0f0e0d0c0b0a0908L;

  @Test
  void shouldMatchThePublishedSipHash24VectorOfTheEmptyMessage() {
    // vectors.h of the SipHash reference implementation, first 64-bit output (bytes 31 0e 0e dd 47 db 6f 72)
    assertThat(IdentityHash.sipHash24(K0, K1, new byte[0])).isEqualTo(0x726fdb47dd0e0e31L);
  }

  @Test
  void shouldMatchTheSipHash24ExampleOfThePaper() {
    // Aumasson and Bernstein, "SipHash: a fast short-input PRF", appendix A: message 00..0e
    byte[] message = new byte[15];
    for (int i = 0; i < message.length; i++) {
      message[i] = (byte) i;
    }
    assertThat(IdentityHash.sipHash24(K0, K1, message)).isEqualTo(0xa129ca6149be45e5L);
  }

  @Test
  void shouldHashAnIdentityWithTheZeroKeyOverItsUtf8Bytes() {
    assertThat(IdentityHash.of("u1")).isEqualTo(IdentityHash.sipHash24(0, 0, new byte[] {'u', '1'}));
    assertThat(IdentityHash.of("ü")).isEqualTo(IdentityHash.sipHash24(0, 0, new byte[] {(byte) 0xC3, (byte) 0xBC}));
    assertThat(IdentityHash.of("u1")).isNotEqualTo(IdentityHash.of("u2"));
  }
}
