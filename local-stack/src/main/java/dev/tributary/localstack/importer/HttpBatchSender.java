package dev.tributary.localstack.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends batches to the ingest service's {@code POST /v1/import} ({@code {"batch":[...]}}, write key as
 * Bearer) and reads its answer ({@link #interpret}): 2xx lists rejected items; a 400 that lists
 * {@code rejected} settled the batch too (every item was invalid); 429, 5xx are retried (honouring
 * Retry-After); any other status refuses the whole request.
 *
 * <p>Thread-safe (the JDK client is), but the import uses it from one thread.
 */
public final class HttpBatchSender implements BatchSender {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;
  private final URI endpoint;
  private final String writeKey;

  public HttpBatchSender(String ingestUrl, String writeKey) {
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    String base = ingestUrl.endsWith("/") ? ingestUrl.substring(0, ingestUrl.length() - 1) : ingestUrl;
    this.endpoint = URI.create(base + "/v1/import");
    this.writeKey = writeKey;
  }

  @Override
  public BatchAnswer send(List<JsonNode> events) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("batch").addAll(events);
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + writeKey)
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
        .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return interpret(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), response.body());
  }

  /** The import's reading of one answer: status, Retry-After header (or null) and body. */
  static BatchAnswer interpret(int status, String retryAfter, String body) {
    JsonNode json;
    try {
      json = JSON.readTree(body == null ? "" : body);
    } catch (Exception e) {
      json = null;
    }
    if (status == 429 || status >= 500) {
      return new BatchAnswer.RetryLater(seconds(retryAfter), "HTTP " + status + " " + excerpt(body));
    }
    JsonNode rejected = json == null ? null : json.get("rejected");
    if ((status / 100 == 2 || status == 400) && rejected != null && rejected.isArray()) {
      List<BatchAnswer.ItemError> errors = new ArrayList<>();
      for (JsonNode r : rejected) {
        errors.add(new BatchAnswer.ItemError(r.path("index").asInt(-1), r.path("field").asText(""),
            r.path("rule").asText(""), r.path("message").asText("")));
      }
      return new BatchAnswer.Acknowledged(json.path("accepted").asLong(0), errors);
    }
    if (status / 100 == 2) {
      return new BatchAnswer.Acknowledged(json == null ? 0 : json.path("accepted").asLong(0), List.of());
    }
    return new BatchAnswer.Refused(status, excerpt(body));
  }

  private static Duration seconds(String retryAfter) {
    if (retryAfter == null) {
      return Duration.ZERO;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.trim())));
    } catch (NumberFormatException e) {
      return Duration.ZERO; // an HTTP date: fall back to our own backoff
    }
  }

  private static String excerpt(String body) {
    String text = body == null ? "" : body.strip();
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }
}
