package dev.tributary.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.ingest.kafka.FakeEventPublisher;
import dev.tributary.ingest.validation.EventJson;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken requests from {@code bad-input-corpus.json}, each with the exact status, error
 * code, field and rule the collector must answer (batch cases also the rejected index), plus
 * injection-looking strings that are valid data and must be stored untouched. Afterwards the
 * service must still be healthy.
 *
 * <p>Case fields: {@code path}, {@code method} (POST), {@code auth} (key | none | unknown),
 * {@code headers}, {@code body} (with {@code <<repeat N|text>>} macros) or {@code bodyHex},
 * {@code gzip}; expectations {@code status}, {@code error}, {@code field}, {@code rule},
 * {@code accepted}, {@code rejectedIndex}/{@code rejectedField}/{@code rejectedRule}, {@code payloadContains}
 * (a substring of the stored payload's JSON text).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputCorpusTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String KEY = "corpus-key";
  private static final Pattern REPEAT = Pattern.compile("<<repeat (\\d+)\\|(.*?)>>");
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final FakeEventPublisher FAKE = new FakeEventPublisher();
  private static Vertx vertx;
  private static HttpServer server;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    IngestSettings settings = IngestSettings.from(LayeredConfig.load(IngestSettings.definition(), Map.of(), Map.of(
        "ingest.write.keys", KEY + ":corpus", "http.port", "0", "ingest.produce.timeout.ms", "1000")));
    server = vertx.createHttpServer()
        .requestHandler(IngestRouter.create(vertx, settings, FAKE, Clock.fixed(NOW, ZoneOffset.UTC)))
        .listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  static Stream<JsonNode> cases() throws IOException {
    try (InputStream in = BadInputCorpusTest.class.getResourceAsStream("/bad-input-corpus.json")) {
      List<JsonNode> list = new ArrayList<>();
      EventJson.parse(in.readAllBytes()).forEach(list::add);
      return list.stream();
    }
  }

  @Test
  @Order(0)
  void shouldHoldAtLeastFortyDistinctBadInputs() throws IOException {
    List<JsonNode> all = cases().toList();
    assertThat(all.stream().filter(c -> c.get("status").intValue() >= 400)).hasSizeGreaterThanOrEqualTo(40);
    assertThat(all.stream().map(c -> c.get("name").textValue())).doesNotHaveDuplicates();
  }

  @Order(1)
  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void shouldAnswerEachCorpusCaseExactly(JsonNode c) throws Exception {
    int publishedBefore = FAKE.published().size();

    HttpResponse<String> response = CLIENT.send(request(c), HttpResponse.BodyHandlers.ofString());

    String name = c.get("name").textValue();
    assertThat(response.statusCode()).as("%s: status, body %s", name, response.body()).isEqualTo(c.get("status").intValue());
    assertThat(response.headers().firstValue("Content-Type")).as(name).contains("application/json");
    JsonNode body = EventJson.parse(response.body().getBytes(StandardCharsets.UTF_8));
    assertThat(body.get("success").booleanValue()).as("%s: success", name).isEqualTo(response.statusCode() < 300);
    assertThat(text(body, "error")).as("%s: error", name).isEqualTo(text(c, "error"));
    assertThat(text(body, "field")).as("%s: field", name).isEqualTo(text(c, "field"));
    assertThat(text(body, "rule")).as("%s: rule", name).isEqualTo(text(c, "rule"));
    if (response.statusCode() >= 400) {
      assertThat(text(body, "message")).as("%s: message", name).isNotBlank();
    }
    if (c.has("accepted")) {
      assertThat(body.get("accepted").intValue()).as("%s: accepted", name).isEqualTo(c.get("accepted").intValue());
      assertThat(body.get("rejected")).as("%s: rejected", name).singleElement().satisfies(r -> {
        assertThat(r.get("index").intValue()).isEqualTo(c.get("rejectedIndex").intValue());
        assertThat(text(r, "field")).isEqualTo(text(c, "rejectedField"));
        assertThat(text(r, "rule")).isEqualTo(text(c, "rejectedRule"));
        assertThat(text(r, "message")).isNotBlank();
      });
    }
    int published = FAKE.published().size() - publishedBefore;
    int expectedPublished = c.has("accepted") ? c.get("accepted").intValue() : response.statusCode() == 200 ? 1 : 0;
    assertThat(published).as("%s: events published", name).isEqualTo(expectedPublished);
    if (c.has("payloadContains")) {
      assertThat(FAKE.published().get(FAKE.published().size() - 1).value().getPayload()).as(name)
          .contains(c.get("payloadContains").textValue());
    }
  }

  @Test
  @Order(2)
  void shouldStillBeHealthyAfterTheWholeCorpus() throws Exception {
    HttpResponse<String> health = CLIENT.send(HttpRequest.newBuilder(uri("/healthz")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> valid = CLIENT.send(HttpRequest.newBuilder(uri("/v1/track"))
        .header("Authorization", "Bearer " + KEY)
        .POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"still-ok\",\"userId\":\"u\"}")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(valid.statusCode()).isEqualTo(200);
  }

  private static HttpRequest request(JsonNode c) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(c.get("path").textValue())).timeout(Duration.ofSeconds(20));
    String auth = c.has("auth") ? c.get("auth").textValue() : "key";
    switch (auth) {
      case "key" -> b.header("Authorization", "Bearer " + KEY);
      case "unknown" -> b.header("Authorization", "Bearer not-a-configured-key");
      default -> { }
    }
    boolean contentTypeGiven = c.has("headers") && c.get("headers").has("Content-Type");
    if (!contentTypeGiven) {
      b.header("Content-Type", "application/json");
    }
    if (c.has("headers")) {
      c.get("headers").fields().forEachRemaining(h -> b.header(h.getKey(), h.getValue().textValue()));
    }
    byte[] body = c.has("bodyHex") ? HexFormat.of().parseHex(c.get("bodyHex").textValue())
        : expand(c.has("body") ? c.get("body").textValue() : "").getBytes(StandardCharsets.UTF_8);
    if (c.has("gzip") && c.get("gzip").booleanValue()) {
      body = gzip(body);
      b.header("Content-Encoding", "gzip");
    }
    String method = c.has("method") ? c.get("method").textValue() : "POST";
    return b.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  private static String expand(String body) {
    Matcher m = REPEAT.matcher(body);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(2).repeat(Integer.parseInt(m.group(1)))));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.actualPort() + path);
  }
}
