package dev.tributary.connect.transform;

import dev.tributary.connect.mapping.CdcMapping;
import dev.tributary.connect.mapping.ChangeMapper;
import dev.tributary.connect.mapping.MappingException;
import dev.tributary.connect.mapping.MappingResult;
import dev.tributary.connect.mapping.RowChange;
import dev.tributary.connect.mapping.RowChangeJson;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.RawEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Connect single message transform that turns Debezium's row changes into Tributary's raw
 * event contract: each mapped change becomes a {@link RawEvent} for the raw topic, keyed by its
 * identity, with an event id derived from the change's position; a mapped change that cannot be an
 * event becomes a {@link DeadLetter} for the dead-letter topic with the change as its raw payload;
 * anything else (unmapped tables and operations, tombstones) is dropped, its offset still
 * committed. The values are Avro objects without a Connect schema: {@link AvroValueConverter}
 * writes them in the Confluent wire format.
 *
 * <p>Configured with {@code source}, {@code topic.raw}, {@code topic.dlq} and the mapping's keys
 * ({@link CdcMapping}). Connect calls one instance from one task thread; not thread-safe.
 */
public final class CdcEventTransform implements Transformation<SourceRecord> {

  private static final Logger LOG = LoggerFactory.getLogger(CdcEventTransform.class);
  /** Written into dead letters' {@code stage}. */
  public static final String STAGE = "connect";

  private final Clock clock;
  private CdcTransformSettings settings;
  private ChangeMapper mapper;

  public CdcEventTransform() {
    this(Clock.systemUTC());
  }

  CdcEventTransform(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void configure(Map<String, ?> configs) {
    settings = CdcTransformSettings.of(configs);
    Map<String, String> keys = new LinkedHashMap<>();
    configs.forEach((k, v) -> keys.put(k, v == null ? "" : v.toString()));
    try {
      mapper = new ChangeMapper(CdcMapping.parse(keys), settings.source());
    } catch (MappingException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  @Override
  public SourceRecord apply(SourceRecord record) {
    Optional<RowChange> change = RowChanges.from(record);
    if (change.isEmpty()) {
      return null;
    }
    MappingResult result = mapper.map(change.get());
    Instant now = clock.instant();
    if (result instanceof MappingResult.Event e) {
      return record.newRecord(settings.rawTopic(), null, Schema.STRING_SCHEMA, e.key(), null,
          RawEvent.newBuilder().setEventId(e.eventId()).setSource(mapper.source()).setReceivedAt(now)
              .setPayload(e.payload()).build(), now.toEpochMilli());
    }
    if (result instanceof MappingResult.Unmappable u) {
      LOG.warn("Row change from {} at {} is a dead letter: {}", record.topic(), record.sourceOffset(), u.detail());
      String key = change.get().key().toString();
      return record.newRecord(settings.dlqTopic(), null, Schema.STRING_SCHEMA, key, null,
          deadLetter(u, change.get(), record, key, now), now.toEpochMilli());
    }
    return null; // NotAnEvent: not asked for; Connect still commits its offset
  }

  private DeadLetter deadLetter(MappingResult.Unmappable u, RowChange change, SourceRecord record, String key, Instant now) {
    return DeadLetter.newBuilder()
        .setReason(u.reason())
        .setField(u.field().orElse(null))
        .setDetail(u.detail())
        .setStage(STAGE)
        .setFailedAt(now)
        .setEventId(u.eventId())
        .setSource(mapper.source())
        .setReceivedAt(now)
        // a change has a database position, not a Kafka one: the position is in the raw payload
        .setSourceTopic(record.topic())
        .setSourcePartition(-1)
        .setSourceOffset(-1L)
        .setRawKey(ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
        .setRawPayload(ByteBuffer.wrap(RowChangeJson.of(change, record.topic(), String.valueOf(record.sourceOffset()))
            .getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  @Override
  public ConfigDef config() {
    return CdcTransformSettings.DEFINITION;
  }

  @Override
  public void close() {
    // holds nothing to release
  }
}
