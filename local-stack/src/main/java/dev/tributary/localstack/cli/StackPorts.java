package dev.tributary.localstack.cli;

import java.util.Map;
import java.util.Properties;

/**
 * The local stack's ports: fixed well-known defaults so the URLs in the README just work,
 * each overridable on the command line. Immutable value.
 */
public record StackPorts(int kafka, int kafkaController, int registry, int clickhouseHttp, int clickhouseTcp, int ingest) {

  public static final StackPorts DEFAULTS = new StackPorts(9092, 9093, 8081, 8123, 9000, 8080);

  /** Option name (without {@code --}) → port, in start order. */
  public Map<String, Integer> byOption() {
    return Map.of("kafka-port", kafka, "kafka-controller-port", kafkaController, "registry-port", registry,
        "clickhouse-http-port", clickhouseHttp, "clickhouse-tcp-port", clickhouseTcp, "ingest-port", ingest);
  }

  public StackPorts with(String option, int port) {
    return switch (option) {
      case "kafka-port" -> new StackPorts(port, kafkaController, registry, clickhouseHttp, clickhouseTcp, ingest);
      case "kafka-controller-port" -> new StackPorts(kafka, port, registry, clickhouseHttp, clickhouseTcp, ingest);
      case "registry-port" -> new StackPorts(kafka, kafkaController, port, clickhouseHttp, clickhouseTcp, ingest);
      case "clickhouse-http-port" -> new StackPorts(kafka, kafkaController, registry, port, clickhouseTcp, ingest);
      case "clickhouse-tcp-port" -> new StackPorts(kafka, kafkaController, registry, clickhouseHttp, port, ingest);
      case "ingest-port" -> new StackPorts(kafka, kafkaController, registry, clickhouseHttp, clickhouseTcp, port);
      default -> throw new IllegalArgumentException("unknown port option --" + option);
    };
  }

  Properties toProperties() {
    Properties p = new Properties();
    byOption().forEach((k, v) -> p.setProperty(k, Integer.toString(v)));
    return p;
  }

  static StackPorts fromProperties(Properties p) {
    StackPorts ports = DEFAULTS;
    for (String key : DEFAULTS.byOption().keySet()) {
      String value = p.getProperty(key);
      if (value != null) {
        ports = ports.with(key, Integer.parseInt(value.trim()));
      }
    }
    return ports;
  }
}
