package dev.tributary.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Keeps an in-JVM broker from flooding test output: sets the Kafka broker's loggers to WARN unless
 * the module's logback-test.xml already gave them a level (explicit configuration always wins).
 *
 * <p>Thread-safe (logback levels are safe to change at run time).
 */
final class QuietLogs {

  private static final List<String> BROKER_LOGGERS = List.of(
      "kafka", "org.apache.kafka", "org.apache.zookeeper", "state.change.logger");

  private QuietLogs() {}

  static void kafkaBrokerToWarnUnlessConfigured() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return;
    }
    for (String name : BROKER_LOGGERS) {
      ch.qos.logback.classic.Logger logger = context.getLogger(name);
      if (logger.getLevel() == null) {
        logger.setLevel(Level.WARN);
      }
    }
  }
}
