package dev.tributary.connect.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The few calls of the Kafka Connect REST API the worker makes on itself: put a connector's
 * configuration (idempotent: the same configuration twice changes nothing) once the herder accepts
 * requests. Thread-safe.
 */
final class ConnectRest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  ConnectRest(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /**
   * {@code PUT /connectors/<name>/config}, retried while the worker is still joining its group
   * (409, 5xx, connection refused) until {@code timeout}.
   *
   * @throws IllegalStateException when Connect refuses the configuration (4xx other than 409), naming its answer
   */
  void putConnector(String name, Map<String, String> config, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/connectors/" + name + "/config"))
            .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config), StandardCharsets.UTF_8)).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = answer.statusCode();
        if (status == 200 || status == 201) {
          return;
        }
        last = "HTTP " + status + ": " + answer.body();
        if (status >= 400 && status < 500 && status != 409) {
          throw new IllegalStateException("Kafka Connect refused connector " + name + ": " + last);
        }
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("could not register connector " + name + " within " + timeout.toSeconds()
        + " s; last answer: " + last);
  }
}
