package dev.tributary.streams.identity;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary forms of the identity stage's internal records: {@link IdentityLink} on the
 * {@code identity-graph} repartition topic and {@link GraphNode} in the {@code identity-graph-store}.
 * A format byte, then fields; strings length-prefixed UTF-8 (-1 for null).
 *
 * <p>Stateless and thread-safe.
 */
final class IdentityLinkSerde {

  private static final byte LINK_V1 = 1;
  private static final byte NODE_V1 = 1;

  private IdentityLinkSerde() {}

  static Serde<IdentityLink> links() {
    Serializer<IdentityLink> serializer = (topic, link) -> link == null ? null : write(out -> {
      out.writeByte(LINK_V1);
      out.writeByte(link.kind().ordinal());
      writeString(out, link.from());
      writeString(out, link.to());
      out.writeLong(link.time());
      writeString(out, link.eventId());
      LinkOrigin o = link.origin();
      writeString(out, o.topic());
      out.writeInt(o.partition());
      out.writeLong(o.offset());
      out.writeLong(o.timestamp());
      writeString(out, o.key());
      writeString(out, o.source());
      out.writeLong(o.receivedAt());
      writeString(out, o.payload());
    });
    Deserializer<IdentityLink> deserializer = (topic, bytes) -> bytes == null ? null : read(topic, bytes, LINK_V1,
        in -> new IdentityLink(IdentityLink.Kind.values()[in.readByte()], readString(in), readString(in),
            in.readLong(), readString(in), new LinkOrigin(readString(in), in.readInt(), in.readLong(), in.readLong(),
                readString(in), readString(in), in.readLong(), readString(in))));
    return Serdes.serdeFrom(serializer, deserializer);
  }

  static Serde<GraphNode> nodes() {
    Serializer<GraphNode> serializer = (topic, node) -> node == null ? null : write(out -> {
      out.writeByte(NODE_V1);
      writeString(out, node.linkedTo());
      out.writeLong(node.linkTime());
      writeString(out, node.linkEventId());
      out.writeLong(node.mappedAt());
      out.writeLong(node.firstSeen());
      out.writeLong(node.lastSeen());
      out.writeInt(node.children().size());
      for (String child : node.children()) {
        writeString(out, child);
      }
    });
    Deserializer<GraphNode> deserializer = (topic, bytes) -> bytes == null ? null : read(topic, bytes, NODE_V1, in -> {
      String linkedTo = readString(in);
      long linkTime = in.readLong();
      String linkEventId = readString(in);
      long mappedAt = in.readLong();
      long firstSeen = in.readLong();
      long lastSeen = in.readLong();
      int n = in.readInt();
      List<String> children = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        children.add(readString(in));
      }
      return new GraphNode(linkedTo, linkTime, linkEventId, mappedAt, firstSeen, lastSeen, children);
    });
    return Serdes.serdeFrom(serializer, deserializer);
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static byte[] write(Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static <T> T read(String topic, byte[] bytes, byte format, Reader<T> reader) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte actual = in.readByte();
      if (actual != format) {
        throw new SerializationException("Unknown identity record format " + actual + " in " + topic);
      }
      return reader.read(in);
    } catch (IOException e) {
      throw new SerializationException("Truncated identity record in " + topic + " (" + bytes.length + " bytes)", e);
    }
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
