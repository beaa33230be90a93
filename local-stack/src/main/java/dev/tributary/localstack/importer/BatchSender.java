package dev.tributary.localstack.importer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Sends one batch of events to the ingest service (the port between the import's protocol and HTTP).
 * An exception is a transport failure, retried like a 503.
 *
 * <p>Implementations are used from one thread.
 */
@FunctionalInterface
public interface BatchSender {

  BatchAnswer send(List<JsonNode> events) throws Exception;
}
