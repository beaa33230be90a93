package dev.tributary.ingest.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;

/**
 * The producer settings of the raw topic. Durability settings (acks=all, idempotence) are fixed:
 * the 2xx answer promises the event is stored. Latency/throughput settings have defaults that
 * {@code kafka.producer.*} may override. The timeouts derive from {@code ingest.produce.timeout.ms}
 * so that a dead broker surfaces as an error within that time instead of a hung request. Which
 * overrides are allowed is decided once, at start, by {@code IngestSettings.OVERRIDES}; the fixed
 * settings are written last here all the same, so no map of overrides can weaken them.
 *
 * <p>Stateless.
 */
public final class RawEventProducerConfig {

  private static final long DEFAULT_LINGER_MS = 5;

  private RawEventProducerConfig() {}

  /**
   * @param overrides {@code kafka.producer.*} settings with the prefix removed
   */
  public static Map<String, Object> build(String bootstrapServers, Duration produceTimeout, Map<String, Object> overrides) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(DEFAULT_LINGER_MS));
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "tributary-ingest");
    props.putAll(overrides);
    long timeoutMs = produceTimeout.toMillis();
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeoutMs));
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
    if (!overrides.containsKey(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)) {
      // the producer insists on delivery.timeout.ms >= linger.ms + request.timeout.ms
      long linger = millis(props, ProducerConfig.LINGER_MS_CONFIG);
      long delivery = millis(props, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
      props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(1, delivery - linger)));
    }
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return props;
  }

  private static long millis(Map<String, Object> props, String key) {
    Object value = props.get(key);
    try {
      return Long.parseLong(String.valueOf(value).strip());
    } catch (NumberFormatException e) {
      throw new ConfigException("kafka.producer." + key, value, "must be a whole number of milliseconds");
    }
  }
}
