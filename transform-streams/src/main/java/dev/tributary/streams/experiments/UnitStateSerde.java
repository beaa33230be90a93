package dev.tributary.streams.experiments;

import dev.tributary.streams.experiments.UnitState.Attribution;
import dev.tributary.streams.experiments.UnitState.MetricValue;
import dev.tributary.streams.experiments.UnitState.PreEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
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
 * any registry. Version 1 (before CUPED: no x, no contributions) is still read, so a store restored from an older
 * changelog keeps working.
 *
 * <p>Stateless; thread-safe.
 */
final class UnitStateSerde {

  private static final byte VERSION_1 = 1;
  private static final byte VERSION = 2;

  private UnitStateSerde() {}

  static Serde<UnitState> serde() {
    return Serdes.serdeFrom((topic, state) -> state == null ? null : write(state),
        (topic, bytes) -> bytes == null ? null : read(bytes));
  }

  static byte[] write(UnitState state) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeInt(state.attributions().size());
      for (Map.Entry<String, Attribution> e : state.attributions().entrySet()) {
        Attribution a = e.getValue();
        out.writeUTF(e.getKey());
        out.writeInt(a.phase());
        out.writeUTF(a.variation());
        out.writeLong(a.exposedAtMs());
        out.writeBoolean(a.excluded());
        out.writeInt(a.values().size());
        for (MetricValue v : a.values()) {
          out.writeUTF(v.metric());
          out.writeDouble(v.y());
          out.writeDouble(v.d());
          out.writeDouble(v.x());
        }
      }
      List<String> names = state.preEvents().stream().map(PreEvent::metric).distinct().toList();
      if (names.size() > 255) {
        throw new IllegalStateException("a unit's pre-exposure events name " + names.size() + " metrics; at most 255");
      }
      out.writeShort(names.size());
      for (String name : names) {
        out.writeUTF(name);
      }
      out.writeInt(state.preEvents().size());
      for (PreEvent p : state.preEvents()) {
        out.writeLong(p.atMs());
        out.writeByte(names.indexOf(p.metric()));
        out.writeDouble(p.value());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static UnitState read(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != VERSION && version != VERSION_1) {
        throw new IllegalStateException("unit state version " + version + " is neither " + VERSION_1 + " nor "
            + VERSION);
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
              version == VERSION ? in.readDouble() : 0));
        }
        attributions.put(key, new Attribution(phase, variation, exposedAt, excluded, values));
      }
      List<PreEvent> pre = new ArrayList<>();
      if (version == VERSION) {
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
