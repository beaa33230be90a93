package dev.tributary.schema.registry;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * The HTTP exchange the client depends on, so its caching and error mapping can be unit-tested
 * with a fake. Implementations must be thread-safe.
 */
interface Transport {

  Response send(Request request) throws IOException, InterruptedException;

  /** An HTTP request; {@code body} is null for GET. */
  record Request(String method, URI uri, Map<String, String> headers, String body) {
    public Request {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(uri, "uri");
      headers = Map.copyOf(headers);
    }
  }

  /** Status and body text of an HTTP response. */
  record Response(int status, String body) {
    public Response {
      body = body == null ? "" : body;
    }
  }
}
