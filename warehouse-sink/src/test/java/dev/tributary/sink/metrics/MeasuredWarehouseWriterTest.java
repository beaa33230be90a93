package dev.tributary.sink.metrics;

import dev.tributary.sink.testing.Claimed;
import static dev.tributary.testsupport.TestRecords.JAN;
import static dev.tributary.testsupport.TestRecords.cleanEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.common.catalogue.WarehouseTables;
import dev.tributary.sink.batching.Batch;
import dev.tributary.sink.batching.Rows;
import dev.tributary.sink.batching.WarehouseException;
import dev.tributary.sink.testing.Batches;
import dev.tributary.sink.testing.FakeWarehouse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class MeasuredWarehouseWriterTest {

  private static final TopicPartition P0 = new TopicPartition("events.clean", 0);

  private final FakeWarehouse warehouse = new FakeWarehouse();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MeasuredWarehouseWriter writer = new MeasuredWarehouseWriter(warehouse, registry,
      List.of(WarehouseTables.EVENTS));

  private static Batch threeRows() {
    return Batches.of(WarehouseTables.EVENTS, P0, List.of(Rows.of(cleanEvent("a", JAN), P0.topic(), 0, 0),
        Rows.of(cleanEvent("b", JAN), P0.topic(), 0, 1), Rows.of(cleanEvent("c", JAN), P0.topic(), 0, 2)));
  }

  @Test
  void shouldCountRowsBatchesAndLatencyOfAcknowledgedInsertsPerTable() {
    Claimed.insert(writer, threeRows());
    Claimed.insert(writer, threeRows());

    String table = WarehouseTables.EVENTS.name();
    assertThat(registry.get("sink.rows.inserted").tag("table", table).counter().count()).isEqualTo(6.0);
    assertThat(registry.get("sink.batches.inserted").tag("table", table).counter().count()).isEqualTo(2.0);
    assertThat(registry.get("sink.insert.latency").tag("table", table).timer().count()).isEqualTo(2);
  }

  @Test
  void shouldCountFailuresByKindAndNoRows() {
    warehouse.failNextInserts(FakeWarehouse.Fault.UNREACHABLE, FakeWarehouse.Fault.REFUSED);

    assertThatThrownBy(() -> Claimed.insert(writer, threeRows())).isInstanceOf(WarehouseException.class);
    assertThatThrownBy(() -> Claimed.insert(writer, threeRows())).isInstanceOf(WarehouseException.class);

    assertThat(registry.get("sink.insert.failures").tag("kind", "retriable").counter().count()).isEqualTo(1.0);
    assertThat(registry.get("sink.insert.failures").tag("kind", "fatal").counter().count()).isEqualTo(1.0);
    assertThat(registry.get("sink.rows.inserted").counter().count()).isZero();
  }

  @Test
  void shouldCountBatchesWhoseDerivedRowsWereRefilledFromZero() {
    String table = WarehouseTables.EVENTS.name();
    assertThat(registry.get("sink.derived.refills").tag("table", table).counter().count()).isZero();

    writer.refillDerivedOf(threeRows());

    assertThat(registry.get("sink.derived.refills").tag("table", table).counter().count()).isEqualTo(1.0);
    assertThat(warehouse.refilled()).hasSize(1);
  }

  @Test
  void shouldShowEveryTableAtZeroBeforeItsFirstInsert() {
    assertThat(registry.get("sink.rows.inserted").tag("table", WarehouseTables.EVENTS.name()).counter().count())
        .isZero();
  }

  @Test
  void shouldRegisterFailuresOfBothKindsAndLatencyAtZeroSoTheFirstFailureShowsInARate() {
    String table = WarehouseTables.EVENTS.name();

    assertThat(registry.get("sink.insert.failures").tag("table", table).tag("kind", "retriable").counter().count()).isZero();
    assertThat(registry.get("sink.insert.failures").tag("table", table).tag("kind", "fatal").counter().count()).isZero();
    assertThat(registry.get("sink.insert.latency").tag("table", table).timer().count()).isZero();
  }
}
