package dev.tributary.streams.sessions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes for the small internal records of the sessions and identity stages (store values and
 * repartition records): a format byte, then the fields through {@link DataOutputStream}, strings as
 * length-prefixed UTF-8 with -1 for null. Hand-written instead of Avro because these records are
 * written once per event and never leave the application; the format byte lets a later version read
 * what an earlier one wrote.
 *
 * <p>Stateless and thread-safe.
 */
public final class BinaryRecords {

  /** Writes the fields of one record (after the format byte). */
  public interface Writer<T> {
    void write(DataOutputStream out, T value) throws IOException;
  }

  /** Reads the fields of one record (after the format byte). */
  public interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private BinaryRecords() {}

  /** A serde of {@code name} records in {@code format}; null stays null (a store delete). */
  public static <T> Serde<T> serde(String name, byte format, Writer<T> writer, Reader<T> reader) {
    return Serdes.serdeFrom((topic, value) -> {
      if (value == null) {
        return null;
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeByte(format);
        writer.write(out, value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }, (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
        byte actual = in.readByte();
        if (actual != format) {
          throw new SerializationException("Not a " + name + " of format " + format + " in " + topic + ": format "
              + actual);
        }
        return reader.read(in);
      } catch (IOException e) {
        throw new SerializationException("Truncated " + name + " in " + topic + " (" + bytes.length + " bytes)", e);
      }
    });
  }

  public static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  public static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] utf8 = new byte[length];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
