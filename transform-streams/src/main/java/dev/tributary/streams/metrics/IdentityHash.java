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
    long v0 = 0x736f6d6570736575L ^ k0;
    long v1 = 0x646f72616e646f6dL ^ k1;
    long v2 = 0x6c7967656e657261L ^ k0;
    long v3 = 0x7465646279746573L ^ k1;
    int blocks = data.length / 8;
    for (int i = 0; i < blocks; i++) {
      long m = littleEndian(data, i * 8, 8);
      v3 ^= m;
      for (int r = 0; r < 2; r++) {
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
      }
      v0 ^= m;
    }
    long last = ((long) data.length << 56) | littleEndian(data, blocks * 8, data.length - blocks * 8);
    v3 ^= last;
    for (int r = 0; r < 2; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    v0 ^= last;
    v2 ^= 0xff;
    for (int r = 0; r < 4; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    return v0 ^ v1 ^ v2 ^ v3;
  }

  private static long littleEndian(byte[] b, int from, int n) {
    long v = 0;
    for (int i = n - 1; i >= 0; i--) {
      v = (v << 8) | (b[from + i] & 0xFFL);
    }
    return v;
  }
}
