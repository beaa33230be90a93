package dev.tributary.sink.batching;

import dev.tributary.common.catalogue.WarehouseTable;
import java.util.OptionalLong;

/**
 * The port to the warehouse: the three things exactly-once delivery needs from it, and the repair of
 * what the warehouse derives from a batch after a failed attempt.
 * {@code ClickHouseWarehouseWriter} is the real one; tests use an in-memory fake.
 *
 * <p><b>Fencing.</b> Before an instance writes a Kafka partition it {@linkplain #claim claims} it
 * with an epoch that grows with every assignment of that partition (the consumer group generation).
 * An insert carries the epoch of the claim it was decided under, and the warehouse refuses it
 * ({@link WarehouseException#fenced()}) when a higher epoch has been claimed since; and a claim
 * returns only once no insert of the partition is still running in the warehouse. So an instance
 * that lost a partition (a zombie stalled past {@code max.poll.interval.ms} with an insert in
 * flight) cannot add rows after its successor looked up where the partition ends.
 *
 * <p>Implementations must make {@link #insert} atomic (all rows of the batch become visible, or
 * none; the epoch check included) and thread-safe: the sink inserts batches of different Kafka
 * partitions concurrently (never two of one partition) while its consume thread may ask
 * {@link #nextOffset} and {@link #claim}.
 */
public interface WarehouseWriter {

  /**
   * Writes all rows of {@code batch} atomically, if {@code epoch} is still the highest claimed for
   * its partition when the warehouse writes it.
   *
   * @throws WarehouseException with {@link WarehouseException#retriable()} telling whether trying
   *     again may succeed (after a retriable failure the batch may or may not have landed), or
   *     {@link WarehouseException#fenced()} when a higher epoch was claimed (nothing landed)
   */
  void insert(Batch batch, long epoch);

  /**
   * Claims {@code topic}/{@code partition} of {@code table} for {@code epoch}: from now on inserts
   * with a lower epoch are refused. Returns once no insert of that partition is running in the
   * warehouse any more, so what {@link #nextOffset} answers afterwards is final for every earlier
   * owner.
   *
   * @return the highest epoch claimed for the partition, now: {@code epoch}, or higher when a newer
   *     owner claimed it (then this instance must not write it)
   * @throws WarehouseException when the warehouse cannot answer (nothing is known to be claimed)
   */
  long claim(WarehouseTable table, String topic, int partition, long epoch);

  /**
   * The offset after the highest offset of {@code topic}/{@code partition} held in {@code table},
   * or empty when the table holds no row of that partition.
   *
   * @throws WarehouseException when the warehouse cannot answer
   */
  OptionalLong nextOffset(WarehouseTable table, String topic, int partition);

  /**
   * Rebuilds what the warehouse derives from the rows of {@code batch}; called when an insert of the batch
   * followed a failed attempt, once the warehouse holds the whole batch. The failed attempt may have landed
   * in the batch's table but not in what is derived from it (ClickHouse writes a table and its materialized
   * views apart, so a server killed or a replica lost between the two keeps the rows and loses the view's
   * part), and the retry finds the rows and writes nothing. Idempotent; nothing to do for a table nothing
   * derives from.
   *
   * @throws WarehouseException when the warehouse cannot do it now (the attempt then fails and is retried)
   */
  void refillDerivedOf(Batch batch);

  /** Where the warehouse is, without credentials, for log messages. */
  String describe();
}
