package dev.tributary.experiments.assignment;

/**
 * GrowthBook's hash, version 2, so a user lands in the same bucket whether a GrowthBook SDK or Tributary
 * assigns them: FNV-1a 32-bit over the UTF-16 code units of {@code seed + id}, then FNV-1a again over the
 * decimal string of that unsigned 32-bit value, modulo 10000, divided by 10000 — a number in [0, 1) with four
 * decimals. The second round removes the bias version 1 had for ids that share a prefix.
 *
 * <p>Hashing UTF-16 code units (not code points, not UTF-8 bytes) is what JavaScript's {@code charCodeAt}
 * does, and is what Java's {@code String.charAt} gives, so ids outside the BMP hash the same.
 *
 * <p>Thread-safe: stateless.
 */
public final class GrowthBookHash {

  private static final int FNV_OFFSET_BASIS = 0x811c9dc5;
  private static final int FNV_PRIME = 0x01000193;
  private static final long BUCKETS = 10_000;

  private GrowthBookHash() {}

  /** The version-2 hash of {@code id} under {@code seed}, in [0, 1). */
  public static double v2(String seed, String id) {
    long first = fnv1a32(seed + id);
    return (fnv1a32(Long.toString(first)) % BUCKETS) / (double) BUCKETS;
  }

  /** FNV-1a, 32 bits, over UTF-16 code units; the result as an unsigned value. */
  static long fnv1a32(String text) {
    int hash = FNV_OFFSET_BASIS;
    for (int i = 0; i < text.length(); i++) {
      hash ^= text.charAt(i);
      hash *= FNV_PRIME;
    }
    return Integer.toUnsignedLong(hash);
  }
}
