package dev.tributary.streams.identity;

import static dev.tributary.streams.topology.BinaryRecords.readString;
import static dev.tributary.streams.topology.BinaryRecords.writeString;

import dev.tributary.streams.topology.BinaryRecords;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/**
 * Binary forms of the identity stage's internal records (see {@link BinaryRecords}):
 * {@link IdentityLink} on the {@code identity-graph} repartition topic and {@link GraphNode} in the
 * {@code identity-graph-store}.
 *
 * <p>Stateless and thread-safe.
 */
final class IdentityLinkSerde {

  private static final byte LINK_V1 = 1;
  private static final byte NODE_V1 = 1;

  private IdentityLinkSerde() {}

  static Serde<IdentityLink> links() {
    return BinaryRecords.serde("IdentityLink", LINK_V1, IdentityLinkSerde::writeLink, IdentityLinkSerde::readLink);
  }

  static Serde<GraphNode> nodes() {
    return BinaryRecords.serde("GraphNode", NODE_V1, IdentityLinkSerde::writeNode, IdentityLinkSerde::readNode);
  }

  private static void writeLink(BinaryRecords.Out out, IdentityLink link) {
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
  }

  private static IdentityLink readLink(BinaryRecords.In in) {
    return new IdentityLink(IdentityLink.Kind.values()[in.readByte()], readString(in), readString(in),
        in.readLong(), readString(in), new LinkOrigin(readString(in), in.readInt(), in.readLong(), in.readLong(),
            readString(in), readString(in), in.readLong(), readString(in)));
  }

  private static void writeNode(BinaryRecords.Out out, GraphNode node) {
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
  }

  private static GraphNode readNode(BinaryRecords.In in) {
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
  }
}
