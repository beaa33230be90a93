package dev.tributary.common.catalogue;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * One dataset of the pipeline, declared once in {@link Datasets}: the topic that carries it, how
 * its records are keyed, the Avro contract of its values, which stage writes it, and (when it is
 * loaded into the warehouse) its table, views and the record → row converter. Services, the DDL,
 * topic provisioning, the launchers and the documentation all derive from this declaration.
 *
 * <p>Immutable; thread-safe.
 *
 * @param name short name, e.g. {@code clean}
 * @param doc what one record is
 * @param producers the stages that write the topic (most datasets have one; the audit ledger is written by
 *     the transform stage and by the ingest service, which adds its refusals)
 * @param topic the Kafka topic
 * @param key how records are keyed
 * @param contract the Avro class of the values (registered under {@code <topic>-value})
 * @param warehouse the table and converter, when the sink loads this dataset
 */
public record Dataset<V extends SpecificRecord>(String name, String doc, List<Stage> producers, TopicSpec topic,
    KeyRule key, Class<V> contract, Optional<Loading<V>> warehouse) {

  /** The stage that writes a dataset's topic. */
  public enum Stage {
    /** The ingest service. */
    INGEST,
    /** The transform stage (Kafka Streams). */
    STREAMS,
    /** An operator's command of {@code bin/tributary}, e.g. {@code dlq replay}. */
    CLI
  }

  /** How a dataset is loaded: its table and the converter that fills it. */
  public record Loading<V>(WarehouseTable table, RowConverter<V> converter) {
    public Loading {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(converter, "converter");
    }
  }

  public Dataset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(doc, "doc");
    producers = List.copyOf(producers);
    if (producers.isEmpty()) {
      throw new IllegalArgumentException("dataset " + name + " needs a stage that writes it");
    }
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(warehouse, "warehouse");
  }

  /** A dataset written by one stage. */
  public Dataset(String name, String doc, Stage producer, TopicSpec topic, KeyRule key, Class<V> contract,
      Optional<Loading<V>> warehouse) {
    this(name, doc, List.of(producer), topic, key, contract, warehouse);
  }

  /** Whether {@code stage} writes this dataset's topic. */
  public boolean writtenBy(Stage stage) {
    return producers.contains(stage);
  }

  /** The table this dataset is loaded into. */
  public Optional<WarehouseTable> table() {
    return warehouse.map(Loading::table);
  }

  /**
   * The warehouse loading of a dataset known to be loaded.
   *
   * @throws IllegalStateException for a dataset the sink does not load
   */
  public Loading<V> loading() {
    return warehouse.orElseThrow(() -> new IllegalStateException("dataset " + name + " is not loaded into the warehouse"));
  }

  @Override
  public String toString() {
    return name + " (" + topic.defaultName() + ")";
  }
}
