package dev.tributary.streams.topology;

import dev.tributary.events.RawEvent;
import dev.tributary.schema.registry.SchemaRegistryException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First step of the pipeline: decodes the raw record value into a {@link RawEvent} and captures
 * the record's topic, partition and offset (only a processor can see them). A value that cannot
 * be decoded becomes an {@code UNDESERIALIZABLE} dead letter with its exact bytes, so one poison
 * record neither stops the application nor disappears.
 *
 * <p>A schema registry failure other than "unknown schema id" (the registry is down, or rejects
 * our credentials) is not the record's fault: it is rethrown so the application stops and, under
 * exactly-once, reprocesses the record after a restart instead of dead-lettering good data.
 *
 * <p>One instance per task (Kafka Streams calls the supplier per task); not thread-safe.
 */
final class RawEventDecoder extends ContextualFixedKeyProcessor<String, byte[], Decoded> {

  private static final Logger log = LoggerFactory.getLogger(RawEventDecoder.class);
  private static final int NOT_FOUND = 404;

  private final Deserializer<RawEvent> deserializer;

  RawEventDecoder(Deserializer<RawEvent> deserializer) {
    this.deserializer = deserializer;
  }

  @Override
  public void process(FixedKeyRecord<String, byte[]> record) {
    RecordOrigin origin = origin(record);
    byte[] value = record.value();
    if (value == null) {
      fail(record, origin, null, "record has no value (a tombstone); " + origin.topic()
          + " must carry RawEvent values");
      return;
    }
    RawEvent event;
    try {
      event = deserializer.deserialize(origin.topic(), record.headers(), value);
    } catch (SchemaRegistryException e) {
      if (e.httpStatus().orElse(0) != NOT_FOUND) {
        log.error("Schema registry failed while decoding {}-{}@{}; stopping rather than"
            + " dead-lettering a good record (check schema.registry.url and the registry)",
            origin.topic(), origin.partition(), origin.offset(), e);
        throw e;
      }
      fail(record, origin, value, "cannot decode RawEvent: " + e.getMessage());
      return;
    } catch (RuntimeException e) {
      fail(record, origin, value, "cannot decode RawEvent: " + e.getMessage());
      return;
    }
    if (event == null) {
      fail(record, origin, value, "RawEvent decoder returned nothing for " + value.length + " bytes");
      return;
    }
    context().forward(record.withValue(new Decoded.Event(event, origin)));
  }

  private void fail(FixedKeyRecord<String, byte[]> record, RecordOrigin origin, byte[] value, String detail) {
    log.debug("Dead-lettering undecodable record {}-{}@{}: {}", origin.topic(), origin.partition(),
        origin.offset(), detail);
    context().forward(record.withValue(new Decoded.Failed(DeadLetters.undecodable(origin, value, detail))));
  }

  private RecordOrigin origin(FixedKeyRecord<String, byte[]> record) {
    // Metadata is always present for records read from a topic, which is all this step sees
    RecordMetadata m = context().recordMetadata().orElseThrow(() ->
        new IllegalStateException("no record metadata: RawEventDecoder must read from a source topic"));
    return new RecordOrigin(m.topic(), m.partition(), m.offset(), record.timestamp(), record.key());
  }
}
