package dev.tributary.sink.kafka;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.WarehouseTables;
import dev.tributary.events.CleanEvent;
import dev.tributary.schema.serde.AvroDeserializer;
import dev.tributary.schema.serde.AvroSerializer;
import dev.tributary.sink.batching.BatchPolicy;
import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.sink.testing.CommittedOffsetsOnly;
import dev.tributary.sink.testing.FakeWarehouse;
import dev.tributary.testsupport.InMemorySchemaRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A Kafka log, a consumer group's committed offsets and a warehouse that outlive sink
 * "processes": each {@link Process} is a fresh {@link MockConsumer} + {@link SinkLoop}, and a
 * crash is simply abandoning one (nothing runs after SIGKILL either).
 */
final class SinkHarness {

  static final String TOPIC = "events.clean";
  static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

  final FakeWarehouse warehouse = new FakeWarehouse();
  final AtomicLong clock = new AtomicLong(1_000_000);
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroSerializer<CleanEvent> serializer = new AvroSerializer<>(registry, false);
  private final Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> log = new HashMap<>();
  private final Map<TopicPartition, OffsetAndMetadata> groupOffsets = new HashMap<>();

  /** Appends a record to the log and returns its offset. */
  long append(TopicPartition tp, CleanEvent event) {
    return appendRaw(tp, serializer.serialize(tp.topic(), event));
  }

  long appendRaw(TopicPartition tp, byte[] value) {
    List<ConsumerRecord<String, byte[]>> records = log.computeIfAbsent(tp, k -> new ArrayList<>());
    long offset = records.size();
    records.add(new ConsumerRecord<>(tp.topic(), tp.partition(), offset, "user-" + offset, value));
    return offset;
  }

  Process start(BatchPolicy policy, TopicPartition... assigned) {
    return start(policy, ResumeStrategy.FROM_WAREHOUSE, assigned);
  }

  /** A process that resumes from committed offsets alone (the negative control). */
  Process startResumingFromCommittedOffsetsOnly(BatchPolicy policy, TopicPartition... assigned) {
    return start(policy, CommittedOffsetsOnly.INSTANCE, assigned);
  }

  private Process start(BatchPolicy policy, ResumeStrategy resume, TopicPartition... assigned) {
    // a direct executor: each insert runs inside runOnce, so a crash point is one exact moment
    return start(policy, resume, Runnable::run, assigned);
  }

  /** A process whose inserts run on {@code inserts} (a real pool, to test the concurrency). */
  Process start(BatchPolicy policy, Executor inserts, TopicPartition... assigned) {
    return start(policy, ResumeStrategy.FROM_WAREHOUSE, inserts, assigned);
  }

  private Process start(BatchPolicy policy, ResumeStrategy resume, Executor inserts, TopicPartition... assigned) {
    MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    SinkLoop loop = new SinkLoop(consumer,
        List.of(new TopicBinding(TOPIC, WarehouseTables.EVENTS,
            RecordConverter.of(Datasets.CLEAN, new AvroDeserializer<>(registry, CleanEvent.class)))),
        warehouse, policy, new RetryBackoff(100, 1_000), clock::get, Duration.ofMillis(10), resume, inserts);
    loop.subscribe();
    consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    consumer.commitSync(new HashMap<>(groupOffsets));
    Process process = new Process(consumer, loop);
    process.assign(assigned);
    return process;
  }

  Map<TopicPartition, OffsetAndMetadata> groupOffsets() {
    return groupOffsets;
  }

  /** One sink process. */
  final class Process {
    final MockConsumer<String, byte[]> consumer;
    final SinkLoop loop;
    private final Map<TopicPartition, Long> fed = new HashMap<>();

    Process(MockConsumer<String, byte[]> consumer, SinkLoop loop) {
      this.consumer = consumer;
      this.loop = loop;
    }

    void assign(TopicPartition... partitions) {
      consumer.rebalance(Arrays.asList(partitions));
      fed.clear(); // a rebalance clears MockConsumer's fetched records; positions filter old offsets
      feed();
    }

    /** Makes appended records fetchable (MockConsumer skips those below the position). */
    void feed() {
      for (TopicPartition tp : consumer.assignment()) {
        List<ConsumerRecord<String, byte[]>> records = log.getOrDefault(tp, List.of());
        long from = fed.getOrDefault(tp, 0L);
        for (ConsumerRecord<String, byte[]> r : records) {
          if (r.offset() >= from) {
            consumer.addRecord(r);
          }
        }
        fed.put(tp, (long) records.size());
      }
    }

    /** Runs {@code iterations} loop iterations, {@code stepMs} of clock apart. */
    void run(int iterations, long stepMs) {
      for (int i = 0; i < iterations; i++) {
        feed();
        loop.runOnce();
        clock.addAndGet(stepMs);
        saveCommits();
      }
    }

    private void saveCommits() {
      consumer.committed(consumer.assignment()).forEach((tp, o) -> {
        if (o != null) {
          groupOffsets.put(tp, o);
        }
      });
    }

    /** Runs one iteration expecting it to be cut short by a simulated kill. */
    void runUntilKilled() {
      feed();
      try {
        loop.runOnce();
      } catch (Killed expected) {
        saveCommits();
        return;
      }
      throw new AssertionError("expected the process to be killed");
    }
  }

  /** Thrown by a fault hook to stop a process mid-step, like SIGKILL. */
  static final class Killed extends Error {
    private static final long serialVersionUID = 1L;

    Killed() {
      super("killed", null, false, false);
    }
  }
}
