package dev.tributary.schema.serde;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format of a Kafka record key or value: magic byte {@code 0}, the writer
 * schema's registry id as 4 bytes big-endian, then the Avro binary encoding of the datum.
 * Confluent's, Apicurio's (in its default Confluent-compatible mode) and our serdes all read and
 * write it, which is what makes their bytes interchangeable.
 *
 * <p>Stateless and thread-safe.
 */
public final class WireFormat {

  /** First byte of every framed record; any other value means another format. */
  public static final byte MAGIC_BYTE = 0;
  /** Magic byte plus schema id: where the Avro payload starts. */
  public static final int HEADER_LENGTH = 5;

  private WireFormat() {
  }

  /** Writes the 5-byte header for {@code schemaId} to {@code out}. */
  public static void writeHeader(ByteArrayOutputStream out, int schemaId) {
    out.write(MAGIC_BYTE);
    out.write(schemaId >>> 24);
    out.write(schemaId >>> 16);
    out.write(schemaId >>> 8);
    out.write(schemaId);
  }

  /** Frames an already encoded Avro payload: header followed by {@code avroBinary}. */
  public static byte[] frame(int schemaId, byte[] avroBinary) {
    byte[] framed = new byte[HEADER_LENGTH + avroBinary.length];
    ByteBuffer.wrap(framed).put(MAGIC_BYTE).putInt(schemaId).put(avroBinary);
    return framed;
  }

  /**
   * The writer schema id of a framed record; the Avro payload starts at {@link #HEADER_LENGTH}.
   *
   * @throws SerializationException naming the problem when {@code data} is null, shorter than
   *     the header, or does not start with the magic byte
   */
  public static int schemaId(byte[] data) {
    if (data == null) {
      throw new SerializationException("No data: a null record cannot be in the Avro wire format");
    }
    checkHeader(data.length, data.length > 0 ? data[0] : 0);
    return ((data[1] & 0xFF) << 24) | ((data[2] & 0xFF) << 16) | ((data[3] & 0xFF) << 8)
        | (data[4] & 0xFF);
  }

  /**
   * Like {@link #schemaId(byte[])} for the bytes between the buffer's position and limit; does
   * not move the position.
   */
  public static int schemaId(ByteBuffer data) {
    if (data == null) {
      throw new SerializationException("No data: a null record cannot be in the Avro wire format");
    }
    int start = data.position();
    checkHeader(data.remaining(), data.remaining() > 0 ? data.get(start) : 0);
    return data.getInt(start + 1);
  }

  private static void checkHeader(int length, byte first) {
    if (length < HEADER_LENGTH) {
      throw new SerializationException("Only " + length + " byte(s): the Avro wire format needs"
          + " at least " + HEADER_LENGTH + " (magic byte 0 and a 4-byte schema id) before the"
          + " payload");
    }
    if (first != MAGIC_BYTE) {
      throw new SerializationException(String.format(Locale.ROOT, "Unknown magic byte 0x%02x,"
          + " expected 0x00: the data is not in the Confluent Avro wire format (written by"
          + " another serializer%s?)", first & 0xFF,
          first == '{' || first == '[' || first == '"' ? ", e.g. as JSON text" : ""));
    }
  }
}
