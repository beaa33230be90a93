package dev.tributary.streams.metrics;

import java.nio.charset.StandardCharsets;

/**
 * The 64-bit hash of an identity (user_id, else anonymous_id) that distinct users are counted
 * over: SipHash-2-4 with a zero key over the UTF-8 bytes, which is exactly ClickHouse's
 * {@code sipHash64(s)}. So anyone can recompute a minute's distinct users from {@code events_v}
 * ({@code uniqExact(sipHash64(ifNull(user_id, anonymous_id)))}) and get the same number: that is
 * what makes the metric auditable. 64 bits make a collision among the users of one minute (or day)
 * negligible (about n²/2⁶⁵).
 *
 * <p>Pure; thread-safe.
 */
public final class IdentityHash {

  private IdentityHash() {}

  /** {@code sipHash64(identity)} as ClickHouse computes it, as a signed long (same 64 bits). */
  public static long of(String identity) {
    return sipHash24(0L, 0L, identity.getBytes(StandardCharsets.UTF_8));
  }

  /** SipHash-2-4 of {@code data} with the key {@code (k0, k1)} (Aumasson and Bernstein, 2012). */
  static long sipHash24(long k0, long k1, byte[] data) {
    long[] v = {0x736f6d6570736575L ^ k0, 0x646f72616e646f6dL ^ k1, 0x6c7967656e657261L ^ k0, 0x7465646279746573L ^ k1};
    int blocks = data.length / 8;
    for (int i = 0; i < blocks; i++) {
      compress(v, littleEndian(data, i * 8, 8));
    }
    compress(v, ((long) data.length << 56) | littleEndian(data, blocks * 8, data.length - blocks * 8));
    v[2] ^= 0xff;
    rounds(v, 4);
    return v[0] ^ v[1] ^ v[2] ^ v[3];
  }

  /** Absorbs one 64-bit message word with two rounds (the "2" of SipHash-2-4). */
  private static void compress(long[] v, long m) {
    v[3] ^= m;
    rounds(v, 2);
    v[0] ^= m;
  }

  private static void rounds(long[] v, int n) {
    for (int r = 0; r < n; r++) {
      v[0] += v[1]; v[1] = Long.rotateLeft(v[1], 13); v[1] ^= v[0]; v[0] = Long.rotateLeft(v[0], 32);
      v[2] += v[3]; v[3] = Long.rotateLeft(v[3], 16); v[3] ^= v[2];
      v[0] += v[3]; v[3] = Long.rotateLeft(v[3], 21); v[3] ^= v[0];
      v[2] += v[1]; v[1] = Long.rotateLeft(v[1], 17); v[1] ^= v[2]; v[2] = Long.rotateLeft(v[2], 32);
    }
  }

  private static long littleEndian(byte[] b, int from, int n) {
    long v = 0;
    for (int i = n - 1; i >= 0; i--) {
      v = (v << 8) | (b[from + i] & 0xFFL);
    }
    return v;
  }
}
