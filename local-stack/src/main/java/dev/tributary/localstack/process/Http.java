package dev.tributary.localstack.process;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A shared JDK HTTP client for readiness probes. Thread-safe.
 */
public final class Http {

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2))
      .version(HttpClient.Version.HTTP_1_1)
      .build();

  private Http() {}

  public static HttpClient client() {
    return CLIENT;
  }

  /** GET {@code url}; returns the response, throwing on connection errors. */
  public static HttpResponse<String> get(String url, Duration timeout) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
