package dev.tributary.common.catalogue;

/**
 * How the records of a dataset are keyed in Kafka, which decides what lives in one partition (and
 * so what per-key logic needs no repartition, and which order the sink sees updates of a key in).
 */
public enum KeyRule {
  /** The user id, or the anonymous id when there is none: per-user logic needs no repartition. */
  IDENTITY("user_id, else anonymous_id"),
  /** The key of the raw record the dead letter came from, so a replay goes back to its partition. */
  RAW_RECORD_KEY("the key of the raw record (the identity the producer sent), null when it had none"),
  /**
   * {@code <event>@<source>@<minute start epoch ms>}: every update of one minute of one event name
   * from one source in one partition (records written before sources were kept apart:
   * {@code <event>@<minute start epoch ms>}).
   */
  EVENT_MINUTE("<event>@<source>@<minute start, epoch ms>"),
  /** {@code <topic>-<partition>@<offset>} of the record a dead letter came from: one key per dead letter, compacted. */
  DEAD_LETTER_ORIGIN("<source_topic>-<source_partition>@<source_offset> of the dead-lettered record"),
  /** The experiment's key: the changes of one experiment stay in order in one partition. */
  EXPERIMENT_KEY("the experiment's key"),
  /** {@code a:<anonymous id>} or {@code u:<user id>}: every update of one id's person mapping in one partition. */
  MAPPED_ID("a:<anonymous id> or u:<user id>, the id being mapped to a person"),
  /** {@code <stage>|<reporter>|<minute start epoch ms>|<measure>|<detail>|<source>}: one ledger cell of one reporter. */
  AUDIT_CELL("<stage>|<reporter>|<minute start, epoch ms>|<measure>|<detail>|<source>");

  private final String doc;

  KeyRule(String doc) {
    this.doc = doc;
  }

  /** The rule in words, for the generated documentation. */
  public String doc() {
    return doc;
  }
}
