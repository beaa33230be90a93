package dev.tributary.ingest.app;

import dev.tributary.ingest.http.ReadinessCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;

/**
 * {@code /readyz}'s check: Kafka answers a metadata request for the raw topic, and the schema
 * registry answers {@code GET /subjects}, each within {@code ingest.readiness.timeout.ms}. Both run
 * asynchronously, so the event loop never waits.
 *
 * <p>Thread-safe (Admin and HttpClient are); {@link #close()} releases the Admin client.
 */
final class DependencyReadiness implements ReadinessCheck, AutoCloseable {

  static final String KAFKA = "kafka";
  static final String REGISTRY = "registry";

  private final Admin admin;
  private final HttpClient http;
  private final String topic;
  private final URI subjects;
  private final Duration timeout;

  DependencyReadiness(String bootstrapServers, String topic, String registryUrl, Duration timeout) {
    int ms = (int) timeout.toMillis();
    this.admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.CLIENT_ID_CONFIG, "tributary-ingest-readiness",
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms,
        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000));
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.topic = topic;
    this.subjects = URI.create(registryUrl.replaceAll("/+$", "") + "/subjects");
    this.timeout = timeout;
  }

  @Override
  public CompletionStage<Report> check() {
    CompletableFuture<String> kafka = admin
        .describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis()))
        .allTopicNames().toCompletionStage().toCompletableFuture()
        .handle((ok, error) -> error == null ? null : "topic " + topic + " metadata unavailable: " + message(error));
    CompletableFuture<String> registry = http
        .sendAsync(HttpRequest.newBuilder(subjects).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.discarding())
        .handle((response, error) -> error != null ? "unreachable: " + message(error)
            : response.statusCode() == 200 ? null : "answered HTTP " + response.statusCode());
    return kafka.thenCombine(registry, (kafkaProblem, registryProblem) -> {
      List<String> healthy = new ArrayList<>();
      Map<String, String> problems = new TreeMap<>();
      record(KAFKA, kafkaProblem, healthy, problems);
      record(REGISTRY, registryProblem, healthy, problems);
      return new Report(healthy, problems);
    });
  }

  private static void record(String name, String problem, List<String> healthy, Map<String, String> problems) {
    if (problem == null) {
      healthy.add(name);
    } else {
      problems.put(name, problem);
    }
  }

  private static String message(Throwable error) {
    Throwable t = error.getCause() != null && error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(2));
  }
}
