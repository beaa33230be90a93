package dev.tributary.streams.experiments;

import dev.tributary.streams.experiments.UnitState.Attribution;
import dev.tributary.streams.experiments.UnitState.MetricValue;
import dev.tributary.streams.experiments.UnitState.PreEvent;
import dev.tributary.streams.topology.BinaryRecords;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Binary form of {@link UnitState} for the units store and its changelog: a version byte, then per
 * attribution its experiment key, phase, variation, exposure time, exclusion and metric values (y, d, x), then
 * the pre-exposure contributions: the metric names once, then per contribution its time, the name's index and its
 * value (17 bytes). Compact (a unit in one experiment with three metrics is about 150 bytes) and independent of
 * any registry.
 *
 * <p>The state is read and rewritten for every event of a unit with state — with CUPED, every purchaser's — so
 * version 3 is written with {@link BinaryRecords} on a plain array (strings as an int length and UTF-8). Versions 1
 * (before CUPED: no x, no contributions) and 2 were written through {@code DataOutputStream} (modified UTF-8 with a
 * short length); both are still read, so a store restored from an older changelog keeps working and is rewritten
 * in version 3 on the unit's next event. {@code UnitStateSerdeBenchmark} measures a round trip.
 *
 * <p>Stateless; thread-safe.
 */
final class UnitStateSerde {

  private static final byte VERSION_1 = 1;
  private static final byte VERSION_2 = 2;
  private static final byte VERSION = 3;
  private static final String NAME = "unit state";

  private UnitStateSerde() {}

  static Serde<UnitState> serde() {
    return Serdes.serdeFrom((topic, state) -> state == null ? null : write(state),
        (topic, bytes) -> bytes == null ? null : read(bytes));
  }

  static byte[] write(UnitState state) {
    BinaryRecords.Out out = new BinaryRecords.Out(64 + 17 * state.preEvents().size());
    out.writeByte(VERSION);
    out.writeInt(state.attributions().size());
    for (Map.Entry<String, Attribution> e : state.attributions().entrySet()) {
      Attribution a = e.getValue();
      out.writeString(e.getKey());
      out.writeInt(a.phase());
      out.writeString(a.variation());
      out.writeLong(a.exposedAtMs());
      out.writeBoolean(a.excluded());
      out.writeInt(a.values().size());
      for (MetricValue v : a.values()) {
        out.writeString(v.metric());
        out.writeDouble(v.y());
        out.writeDouble(v.d());
        out.writeDouble(v.x());
      }
    }
    List<String> names = new ArrayList<>(4);
    byte[] index = new byte[state.preEvents().size()];
    for (int i = 0; i < index.length; i++) {
      String metric = state.preEvents().get(i).metric();
      int at = names.indexOf(metric);
      if (at < 0) {
        at = names.size();
        names.add(metric);
      }
      index[i] = (byte) at;
    }
    if (names.size() > 255) {
      throw new IllegalStateException("a unit's pre-exposure events name " + names.size() + " metrics; at most 255");
    }
    out.writeByte(names.size());
    for (String name : names) {
      out.writeString(name);
    }
    out.writeInt(index.length);
    for (int i = 0; i < index.length; i++) {
      PreEvent p = state.preEvents().get(i);
      out.writeLong(p.atMs());
      out.writeByte(index[i]);
      out.writeDouble(p.value());
    }
    return out.toByteArray();
  }

  static UnitState read(byte[] bytes) {
    if (bytes.length > 0 && bytes[0] == VERSION) {
      return readVersion3(new BinaryRecords.In(bytes, NAME, "the units store"));
    }
    return readDataStreamVersions(bytes);
  }

  private static UnitState readVersion3(BinaryRecords.In in) {
    in.readByte();
    int n = in.readInt();
    Map<String, Attribution> attributions = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String key = in.readString();
      int phase = in.readInt();
      String variation = in.readString();
      long exposedAt = in.readLong();
      boolean excluded = in.readBoolean();
      int m = in.readInt();
      List<MetricValue> values = new ArrayList<>(m);
      for (int j = 0; j < m; j++) {
        values.add(new MetricValue(in.readString(), in.readDouble(), in.readDouble(), in.readDouble()));
      }
      attributions.put(key, new Attribution(phase, variation, exposedAt, excluded, values));
    }
    String[] names = new String[in.readUnsignedByte()];
    for (int i = 0; i < names.length; i++) {
      names[i] = in.readString();
    }
    int p = in.readInt();
    List<PreEvent> pre = new ArrayList<>(p);
    for (int i = 0; i < p; i++) {
      long at = in.readLong();
      pre.add(new PreEvent(at, names[in.readUnsignedByte()], in.readDouble()));
    }
    return new UnitState(attributions, pre);
  }

  /** Versions 1 and 2, written through {@code DataOutputStream} before version 3. */
  private static UnitState readDataStreamVersions(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != VERSION_2 && version != VERSION_1) {
        throw new IllegalStateException("unit state version " + version + " is none of " + VERSION_1 + ", "
            + VERSION_2 + ", " + VERSION);
      }
      int n = in.readInt();
      Map<String, Attribution> attributions = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        String key = in.readUTF();
        int phase = in.readInt();
        String variation = in.readUTF();
        long exposedAt = in.readLong();
        boolean excluded = in.readBoolean();
        int m = in.readInt();
        List<MetricValue> values = new ArrayList<>(m);
        for (int j = 0; j < m; j++) {
          values.add(new MetricValue(in.readUTF(), in.readDouble(), in.readDouble(),
              version == VERSION_2 ? in.readDouble() : 0));
        }
        attributions.put(key, new Attribution(phase, variation, exposedAt, excluded, values));
      }
      List<PreEvent> pre = new ArrayList<>();
      if (version == VERSION_2) {
        String[] names = new String[in.readShort()];
        for (int i = 0; i < names.length; i++) {
          names[i] = in.readUTF();
        }
        int p = in.readInt();
        for (int i = 0; i < p; i++) {
          long at = in.readLong();
          pre.add(new PreEvent(at, names[in.readUnsignedByte()], in.readDouble()));
        }
      }
      return new UnitState(attributions, pre);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
