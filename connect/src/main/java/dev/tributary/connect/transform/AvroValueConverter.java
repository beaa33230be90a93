package dev.tributary.connect.transform;

import dev.tributary.common.config.PipelineConfig;
import dev.tributary.schema.registry.SchemaRegistryClient;
import dev.tributary.schema.registry.SchemaRegistryException;
import dev.tributary.schema.serde.AvroSerializer;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.storage.Converter;

/**
 * A Connect converter that writes generated Avro objects ({@link CdcEventTransform}'s raw events
 * and dead letters) in the Confluent wire format with the project's own serializer and registry
 * client, so a record from Connect is byte-for-byte what the ingest service would have written.
 * A registry that does not answer is a {@link RetriableException} (Connect retries within the
 * connector's {@code errors.retry.timeout}); anything that is not an Avro object is a programming
 * error, a {@link DataException}. Write-only: Tributary never reads through Connect.
 *
 * <p>Configured with {@code schema.registry.url} (the Confluent-compatible API base) and optionally
 * {@code schema.registry.timeout.ms}. Thread-safe (the serializer is).
 */
public final class AvroValueConverter implements Converter {

  private AvroSerializer<SpecificRecord> serializer;

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    Object url = configs.get(PipelineConfig.SCHEMA_REGISTRY_URL);
    if (url == null || url.toString().isBlank()) {
      throw new ConfigException(PipelineConfig.SCHEMA_REGISTRY_URL, url, "the converter needs the schema registry's URL");
    }
    Object timeout = configs.get(PipelineConfig.SCHEMA_REGISTRY_TIMEOUT_MS);
    Duration t = Duration.ofMillis(timeout == null ? 10_000L : Long.parseLong(timeout.toString()));
    serializer = new AvroSerializer<>(new SchemaRegistryClient(url.toString(), t), isKey);
  }

  @Override
  public byte[] fromConnectData(String topic, Schema schema, Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof SpecificRecord record)) {
      throw new DataException("AvroValueConverter writes generated Avro objects, got a "
          + value.getClass().getName() + " for topic " + topic + ": is the CdcEventTransform configured?");
    }
    try {
      return serializer.serialize(topic, record);
    } catch (SchemaRegistryException e) {
      if (e.retriable()) {
        throw new RetriableException("schema registry unavailable for topic " + topic + ": " + e.getMessage(), e);
      }
      throw new DataException("schema registry refused the schema for topic " + topic + ": " + e.getMessage(), e);
    }
  }

  @Override
  public SchemaAndValue toConnectData(String topic, byte[] value) {
    throw new UnsupportedOperationException("AvroValueConverter only writes; Tributary consumes its topics itself");
  }
}
