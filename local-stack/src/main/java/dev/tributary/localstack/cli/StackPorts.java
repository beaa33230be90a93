package dev.tributary.localstack.cli;

import java.util.Map;
import java.util.Properties;

/**
 * The local stack's ports: fixed well-known defaults so the URLs in the README just work,
 * each overridable on the command line. Immutable value.
 */
public record StackPorts(int kafka, int kafkaController, int registry, int clickhouseHttp, int clickhouseTcp, int ingest,
    int streamsAdmin, int sinkAdmin, int console) {

  /** The services' own defaults for ingest and the console ({@code http.port}) and streams and sink ({@code admin.port}). */
  public static final StackPorts DEFAULTS = new StackPorts(9092, 9093, 8081, 8123, 9000, 8080, 8082, 8083, 8084);

  /** Option name (without {@code --}) → port, in start order. */
  public Map<String, Integer> byOption() {
    return Map.of("kafka-port", kafka, "kafka-controller-port", kafkaController, "registry-port", registry,
        "clickhouse-http-port", clickhouseHttp, "clickhouse-tcp-port", clickhouseTcp, "ingest-port", ingest,
        "streams-admin-port", streamsAdmin, "sink-admin-port", sinkAdmin, "console-port", console);
  }

  public StackPorts with(String option, int port) {
    return switch (option) {
      case "kafka-port" -> new StackPorts(port, kafkaController, registry, clickhouseHttp, clickhouseTcp, ingest,
          streamsAdmin, sinkAdmin, console);
      case "kafka-controller-port" -> new StackPorts(kafka, port, registry, clickhouseHttp, clickhouseTcp, ingest,
          streamsAdmin, sinkAdmin, console);
      case "registry-port" -> new StackPorts(kafka, kafkaController, port, clickhouseHttp, clickhouseTcp, ingest,
          streamsAdmin, sinkAdmin, console);
      case "clickhouse-http-port" -> new StackPorts(kafka, kafkaController, registry, port, clickhouseTcp, ingest,
          streamsAdmin, sinkAdmin, console);
      case "clickhouse-tcp-port" -> new StackPorts(kafka, kafkaController, registry, clickhouseHttp, port, ingest,
          streamsAdmin, sinkAdmin, console);
      case "ingest-port" -> new StackPorts(kafka, kafkaController, registry, clickhouseHttp, clickhouseTcp, port,
          streamsAdmin, sinkAdmin, console);
      case "streams-admin-port" -> new StackPorts(kafka, kafkaController, registry, clickhouseHttp, clickhouseTcp,
          ingest, port, sinkAdmin, console);
      case "sink-admin-port" -> new StackPorts(kafka, kafkaController, registry, clickhouseHttp, clickhouseTcp,
          ingest, streamsAdmin, port, console);
      case "console-port" -> new StackPorts(kafka, kafkaController, registry, clickhouseHttp, clickhouseTcp, ingest,
          streamsAdmin, sinkAdmin, port);
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
