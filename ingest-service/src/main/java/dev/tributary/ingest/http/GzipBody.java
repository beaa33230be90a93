package dev.tributary.ingest.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Inflates a gzip request body (declared or recognised by its magic bytes) without trusting its size: inflation stops
 * as soon as the output exceeds the limit, so a gzip bomb costs at most {@code limit} bytes of memory.
 *
 * <p>Stateless and thread-safe.
 */
public final class GzipBody {

  /** What inflating produced. */
  public sealed interface Result permits Inflated, TooLarge, Corrupt {}

  /** The decompressed bytes, within the limit. */
  public record Inflated(byte[] bytes) implements Result {}

  /** The decompressed body would exceed {@code limit} bytes. */
  public record TooLarge(long limit) implements Result {}

  /** The bytes are not gzip (or are truncated). */
  public record Corrupt(String reason) implements Result {}

  private static final int CHUNK = 8192;

  private GzipBody() {}

  /** Inflates {@code gzip}, refusing to produce more than {@code limit} bytes. */
  public static Result inflate(byte[] gzip, long limit) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip), CHUNK)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, Math.max(CHUNK, gzip.length * 4L)));
      byte[] buffer = new byte[CHUNK];
      long total = 0;
      int n;
      while ((n = in.read(buffer)) > 0) {
        total += n;
        if (total > limit) {
          return new TooLarge(limit);
        }
        out.write(buffer, 0, n);
      }
      return new Inflated(out.toByteArray());
    } catch (IOException e) {
      return new Corrupt(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }
}
