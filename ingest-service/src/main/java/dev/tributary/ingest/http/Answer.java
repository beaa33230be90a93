package dev.tributary.ingest.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An HTTP answer decided by pure code: status, JSON body and whether the client should retry after
 * a second. Kept apart from Vert.x so every response shape is unit-tested.
 *
 * @param retryAfterSeconds the {@code Retry-After} value, or 0 for none
 */
public record Answer(int status, ObjectNode body, int retryAfterSeconds) {

  /** An answer without Retry-After. */
  public static Answer of(int status, ObjectNode body) {
    return new Answer(status, body, 0);
  }
}
