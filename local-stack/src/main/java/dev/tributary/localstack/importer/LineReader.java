package dev.tributary.localstack.importer;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads a file line by line ({@code \n}, a trailing {@code \r} dropped) keeping the byte offset and a
 * running SHA-256 of every byte consumed, so a checkpoint can say "line N starts at byte B, and the
 * bytes before it hash to H" and a resumed run can tell whether those bytes are still the same.
 *
 * <p>Not thread-safe: one reader per run.
 */
public final class LineReader implements AutoCloseable {

  /** One line: its 1-based number and text; {@code text} is null when the bytes are not UTF-8. */
  public record Line(long number, String text, byte[] bytes) {}

  private final InputStream in;
  private final MessageDigest digest;
  private long offset;
  private long nextLine;

  private LineReader(InputStream in, MessageDigest digest, long offset, long nextLine) {
    this.in = in;
    this.digest = digest;
    this.offset = offset;
    this.nextLine = nextLine;
  }

  /** Opens {@code file} at its start. */
  public static LineReader open(Path file) throws IOException {
    return new LineReader(new BufferedInputStream(Files.newInputStream(file), 1 << 16), sha256(), 0, 1);
  }

  /**
   * Opens {@code file} at byte {@code offset}, which starts line {@code line}, after hashing the bytes
   * before it; the caller compares {@link #prefixHash()} with what its checkpoint recorded.
   */
  public static LineReader openAt(Path file, long offset, long line) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    MessageDigest digest = sha256();
    byte[] buffer = new byte[1 << 16];
    long left = offset;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        in.close();
        throw new IOException(file + " is shorter (" + (offset - left) + " bytes) than its checkpoint (" + offset + ")");
      }
      digest.update(buffer, 0, n);
      left -= n;
    }
    return new LineReader(in, digest, offset, line);
  }

  /** The next line, or null at the end of the file. */
  public Line next() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    int b;
    boolean any = false;
    while ((b = in.read()) >= 0) {
      any = true;
      offset++;
      digest.update((byte) b);
      if (b == '\n') {
        break;
      }
      bytes.write(b);
    }
    if (!any) {
      return null;
    }
    byte[] raw = bytes.toByteArray();
    int length = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw, 0, length)).toString();
    } catch (CharacterCodingException e) {
      text = null;
    }
    return new Line(nextLine++, text, raw);
  }

  /** The byte offset where the next line starts. */
  public long offset() {
    return offset;
  }

  /** The number of the next line. */
  public long nextLine() {
    return nextLine;
  }

  /** The SHA-256 (hex) of every byte before {@link #offset()}. */
  public String prefixHash() {
    try {
      return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digests are cloneable in every JDK", e);
    }
  }

  /** Counts the lines of {@code file} (a last line without a line break counts). */
  public static long countLines(Path file) throws IOException {
    long lines = 0;
    int last = '\n';
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
        last = buffer[n - 1];
      }
    }
    return last == '\n' ? lines : lines + 1;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
