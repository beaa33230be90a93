package dev.tributary.localstack.importer;

import java.time.Duration;
import java.util.List;

/**
 * What the ingest service said to one batch, as far as the import cares: stored (with the items it
 * rejected, by index), try again later, or refused as a whole (no retry helps).
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface BatchAnswer {

  /** One rejected item of an acknowledged batch, with the server's field, rule and message. */
  record ItemError(int index, String field, String rule, String message) {}

  /** 2xx (or a 400 that lists every item as rejected): the batch is settled. */
  record Acknowledged(long accepted, List<ItemError> rejected) implements BatchAnswer {
    public Acknowledged {
      rejected = List.copyOf(rejected);
    }
  }

  /** 429, 503, another 5xx or no answer: send the same batch again after at least {@code retryAfter}. */
  record RetryLater(Duration retryAfter, String reason) implements BatchAnswer {}

  /** 4xx about the request as a whole (bad key, body too large, not a batch): give up. */
  record Refused(int status, String message) implements BatchAnswer {}
}
