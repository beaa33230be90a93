package dev.tributary.ingest.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer settings of the raw topic. Durability settings (acks=all, idempotence) are fixed:
 * the 2xx answer promises the event is stored. Latency/throughput settings have defaults that
 * {@code kafka.producer.*} may override. The timeouts derive from {@code ingest.produce.timeout.ms}
 * so that a dead broker surfaces as an error within that time instead of a hung request.
 *
 * <p>Stateless.
 */
public final class RawEventProducerConfig {

  private static final Logger log = LoggerFactory.getLogger(RawEventProducerConfig.class);

  /** Settings that {@code kafka.producer.*} cannot change, because the ack semantics rest on them. */
  static final Set<String> FIXED = Set.of(ProducerConfig.ACKS_CONFIG, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
      ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
      ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);

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
    long timeoutMs = produceTimeout.toMillis();
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeoutMs));
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
    overrides.forEach((key, value) -> {
      if (FIXED.contains(key)) {
        log.warn("Ignoring kafka.producer.{}: the ingest service fixes it", key);
      } else {
        props.put(key, value);
      }
    });
    if (!overrides.containsKey(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)) {
      // the producer insists on delivery.timeout.ms >= linger.ms + request.timeout.ms
      long linger = Long.parseLong(String.valueOf(props.get(ProducerConfig.LINGER_MS_CONFIG)).strip());
      long delivery = Long.parseLong(String.valueOf(props.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).strip());
      props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(1, delivery - linger)));
    }
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return props;
  }
}
