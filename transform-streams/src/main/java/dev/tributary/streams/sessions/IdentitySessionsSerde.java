package dev.tributary.streams.sessions;

import static dev.tributary.streams.topology.BinaryRecords.readString;
import static dev.tributary.streams.topology.BinaryRecords.writeString;

import dev.tributary.streams.topology.BinaryRecords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * Binary form of {@link IdentitySessions} in the {@code sessions-store} and its changelog (see
 * {@link BinaryRecords}): the open summary, the marks, then the emitted ids.
 *
 * <p>Stateless and thread-safe.
 */
final class IdentitySessionsSerde {

  private static final byte FORMAT_V1 = 1;

  private IdentitySessionsSerde() {}

  static Serde<IdentitySessions> serde() {
    return BinaryRecords.serde("IdentitySessions", FORMAT_V1, IdentitySessionsSerde::write, IdentitySessionsSerde::read);
  }

  private static void write(BinaryRecords.Out out, IdentitySessions s) {
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
  }

  private static IdentitySessions read(BinaryRecords.In in) {
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
  }

  private static void writeSummary(BinaryRecords.Out out, SessionSummary s) {
    out.writeLong(s.start());
    out.writeLong(s.end());
    out.writeLong(s.events());
    out.writeLong(s.views());
    writeString(out, s.entryUrl());
    writeString(out, s.entryPath());
    writeString(out, s.referrer());
    out.writeBoolean(s.converted());
  }

  private static SessionSummary readSummary(BinaryRecords.In in) {
    return new SessionSummary(in.readLong(), in.readLong(), in.readLong(), in.readLong(), readString(in),
        readString(in), readString(in), in.readBoolean());
  }
}
