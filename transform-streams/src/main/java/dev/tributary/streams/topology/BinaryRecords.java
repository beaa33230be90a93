package dev.tributary.streams.topology;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes for the small internal records of the sessions, identity and experiment stages (store values and
 * repartition records): a format byte, then the fields big-endian, strings as an int length and
 * UTF-8 with -1 for null (the layout of {@link java.io.DataOutputStream}, which earlier versions
 * wrote, so stored state stays readable). Hand-written instead of Avro because these records are
 * written once per event and never leave the application; the format byte lets a later version read
 * what an earlier one wrote.
 *
 * <p>{@link Out} and {@link In} work on a plain array instead of data streams over byte-array
 * streams: the sessions state is read and rewritten for every event (about 1.6 kB), and the
 * streams' per-byte synchronised calls were two thirds of sessionize's CPU time
 * (SessionizeBenchmark, docs/SESSIONS-AND-IDENTITY.md).
 *
 * <p>Stateless and thread-safe; an {@link Out} or {@link In} belongs to one call.
 */
public final class BinaryRecords {

  /** Writes the fields of one record (after the format byte). */
  public interface Writer<T> {
    void write(Out out, T value);
  }

  /** Reads the fields of one record (after the format byte). */
  public interface Reader<T> {
    T read(In in);
  }

  private BinaryRecords() {}

  /** A serde of {@code name} records in {@code format}; null stays null (a store delete). */
  public static <T> Serde<T> serde(String name, byte format, Writer<T> writer, Reader<T> reader) {
    return Serdes.serdeFrom((topic, value) -> {
      if (value == null) {
        return null;
      }
      Out out = new Out(256);
      out.writeByte(format);
      writer.write(out, value);
      return out.toByteArray();
    }, (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      In in = new In(bytes, name, topic);
      byte actual = in.readByte();
      if (actual != format) {
        throw new SerializationException("Not a " + name + " of format " + format + " in " + topic + ": format "
            + actual);
      }
      return reader.read(in);
    });
  }

  public static void writeString(Out out, String s) {
    out.writeString(s);
  }

  public static String readString(In in) {
    return in.readString();
  }

  /** A growing big-endian byte buffer. Not thread-safe. */
  public static final class Out {

    private byte[] buf;
    private int size;

    /** An empty buffer of the given initial capacity (it grows). */
    public Out(int capacity) {
      buf = new byte[capacity];
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }

    public void writeByte(int v) {
      ensure(1);
      buf[size++] = (byte) v;
    }

    public void writeBoolean(boolean v) {
      writeByte(v ? 1 : 0);
    }

    public void writeInt(int v) {
      ensure(Integer.BYTES);
      buf[size] = (byte) (v >>> 24);
      buf[size + 1] = (byte) (v >>> 16);
      buf[size + 2] = (byte) (v >>> 8);
      buf[size + 3] = (byte) v;
      size += Integer.BYTES;
    }

    public void writeLong(long v) {
      writeInt((int) (v >>> 32));
      writeInt((int) v);
    }

    public void writeDouble(double v) {
      writeLong(Double.doubleToRawLongBits(v));
    }

    public void writeString(String s) {
      if (s == null) {
        writeInt(-1);
        return;
      }
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      writeInt(utf8.length);
      ensure(utf8.length);
      System.arraycopy(utf8, 0, buf, size, utf8.length);
      size += utf8.length;
    }

    /** The bytes written so far. */
    public byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }
  }

  /** A reader over one serialized record; a read past its end is a {@link SerializationException}. Not thread-safe. */
  public static final class In {

    private final byte[] buf;
    private final String name;
    private final String topic;
    private int pos;

    /**
     * A reader of {@code buf}, a serialized {@code name} (the record's name and the topic or store it came from
     * name it in errors).
     */
    public In(byte[] buf, String name, String topic) {
      this.buf = buf;
      this.name = name;
      this.topic = topic;
    }

    private void need(int n) {
      if (n < 0 || pos + n > buf.length) {
        throw new SerializationException("Truncated " + name + " in " + topic + " (" + buf.length + " bytes)");
      }
    }

    public byte readByte() {
      need(1);
      return buf[pos++];
    }

    public boolean readBoolean() {
      return readByte() != 0;
    }

    public int readInt() {
      need(Integer.BYTES);
      int v = (buf[pos] & 0xff) << 24 | (buf[pos + 1] & 0xff) << 16 | (buf[pos + 2] & 0xff) << 8 | buf[pos + 3] & 0xff;
      pos += Integer.BYTES;
      return v;
    }

    public long readLong() {
      long high = readInt();
      return high << 32 | readInt() & 0xffffffffL;
    }

    public double readDouble() {
      return Double.longBitsToDouble(readLong());
    }

    /** The unsigned value of the next byte. */
    public int readUnsignedByte() {
      return readByte() & 0xff;
    }

    public String readString() {
      int length = readInt();
      if (length < 0) {
        return null;
      }
      need(length);
      String s = new String(buf, pos, length, StandardCharsets.UTF_8);
      pos += length;
      return s;
    }
  }
}
