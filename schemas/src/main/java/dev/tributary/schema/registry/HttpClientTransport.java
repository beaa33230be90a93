package dev.tributary.schema.registry;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** {@link Transport} over the JDK's {@link HttpClient}; thread-safe like the client it wraps. */
final class HttpClientTransport implements Transport {

  private final HttpClient http;
  private final Duration requestTimeout;

  HttpClientTransport(Duration timeout) {
    this.requestTimeout = timeout;
    // HTTP/1.1: some registries answer the h2c upgrade attempt badly, and one call is tiny anyway
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  @Override
  public Response send(Request request) throws IOException, InterruptedException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(requestTimeout);
    request.headers().forEach(builder::header);
    if (request.body() == null) {
      builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
    } else {
      builder.method(request.method(),
          HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
    }
    HttpResponse<String> response =
        http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Response(response.statusCode(), response.body());
  }
}
