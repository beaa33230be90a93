package dev.tributary.streams.sessions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of {@link IdentitySessions} in the {@code sessions-store} and its changelog: a format
 * byte, then the open summary, the marks and the emitted ids, strings as length-prefixed UTF-8
 * (length -1 for null). Compact because it is written once per event.
 *
 * <p>Stateless and thread-safe.
 */
final class IdentitySessionsSerde {

  private static final byte FORMAT_V1 = 1;

  private IdentitySessionsSerde() {}

  static Serde<IdentitySessions> serde() {
    Serializer<IdentitySessions> serializer = (topic, s) -> s == null ? null : write(s);
    Deserializer<IdentitySessions> deserializer = (topic, bytes) -> bytes == null ? null : read(topic, bytes);
    return Serdes.serdeFrom(serializer, deserializer);
  }

  private static byte[] write(IdentitySessions s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 48 * s.marks().size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT_V1);
      out.writeBoolean(s.open() != null);
      if (s.open() != null) {
        writeSummary(out, s.open());
      }
      out.writeInt(s.marks().size());
      for (EventMark m : s.marks()) {
        out.writeLong(m.time());
        writeString(out, m.eventId());
        out.writeBoolean(m.view());
        writeString(out, m.url());
        writeString(out, m.path());
        writeString(out, m.referrer());
        out.writeBoolean(m.conversion());
      }
      out.writeInt(s.emitted().size());
      for (Map.Entry<String, IdentitySessions.Emitted> e : s.emitted().entrySet()) {
        writeString(out, e.getKey());
        writeSummary(out, e.getValue().summary());
        writeString(out, e.getValue().mergedInto());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static IdentitySessions read(String topic, byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte format = in.readByte();
      if (format != FORMAT_V1) {
        throw new SerializationException("Not IdentitySessions format " + FORMAT_V1 + " in " + topic + ": " + format);
      }
      SessionSummary open = in.readBoolean() ? readSummary(in) : null;
      int markCount = in.readInt();
      List<EventMark> marks = new ArrayList<>(markCount);
      for (int i = 0; i < markCount; i++) {
        marks.add(new EventMark(in.readLong(), readString(in), in.readBoolean(), readString(in), readString(in),
            readString(in), in.readBoolean()));
      }
      int emittedCount = in.readInt();
      Map<String, IdentitySessions.Emitted> emitted = new LinkedHashMap<>();
      for (int i = 0; i < emittedCount; i++) {
        emitted.put(readString(in), new IdentitySessions.Emitted(readSummary(in), readString(in)));
      }
      return new IdentitySessions(open, marks, emitted);
    } catch (IOException e) {
      throw new SerializationException("Truncated IdentitySessions in " + topic + " (" + bytes.length + " bytes)", e);
    }
  }

  private static void writeSummary(DataOutputStream out, SessionSummary s) throws IOException {
    out.writeLong(s.start());
    out.writeLong(s.end());
    out.writeLong(s.events());
    out.writeLong(s.views());
    writeString(out, s.entryUrl());
    writeString(out, s.entryPath());
    writeString(out, s.referrer());
    out.writeBoolean(s.converted());
  }

  private static SessionSummary readSummary(DataInputStream in) throws IOException {
    return new SessionSummary(in.readLong(), in.readLong(), in.readLong(), in.readLong(), readString(in),
        readString(in), readString(in), in.readBoolean());
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] utf8 = new byte[length];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
