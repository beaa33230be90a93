package dev.tributary.schema.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A small client of the Confluent Schema Registry REST API, which Confluent SR, Apicurio
 * ({@code /apis/ccompat/v7}), Karapace and Redpanda all speak. It exists because the Confluent
 * client jars are not obtainable in this build environment, and the serdes need only
 * register and lookup-by-id.
 *
 * <p>Both directions are cached for the life of the client (ids are immutable in a registry), so
 * the serdes make one HTTP call per topic and per schema id, not per record. Credentials may be
 * given as user info in the base URL ({@code http://user:secret@host:8081/...}); they are sent as
 * HTTP Basic auth and never appear in messages.
 *
 * <p>Thread-safe: share one instance per process.
 */
public final class SchemaRegistryClient implements SchemaRegistry, AutoCloseable {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final Duration timeout;
  private final Map<String, String> headers;
  private final Transport transport;
  private final Map<SubjectSchema, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

  /**
   * @param baseUrl the Confluent-compatible API base, e.g.
   *     {@code http://127.0.0.1:8081/apis/ccompat/v7}; may carry {@code user:password@}
   * @param timeout both the connect timeout and the timeout of each request
   */
  public SchemaRegistryClient(String baseUrl, Duration timeout) {
    this(baseUrl, timeout, new HttpClientTransport(requirePositive(timeout)));
  }

  SchemaRegistryClient(String baseUrl, Duration timeout, Transport transport) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    this.timeout = requirePositive(timeout);
    this.transport = Objects.requireNonNull(transport, "transport");
    URI uri = URI.create(baseUrl.strip());
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException("schema registry URL must be absolute, like"
          + " http://localhost:8081/apis/ccompat/v7");
    }
    Map<String, String> h = new HashMap<>();
    h.put("Accept", CONTENT_TYPE + ", application/json");
    if (uri.getRawUserInfo() != null) {
      String userInfo = decodeUserInfo(uri.getRawUserInfo());
      h.put("Authorization", "Basic "
          + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
      uri = withoutUserInfo(uri);
    }
    this.headers = Map.copyOf(h);
    String s = uri.toString();
    this.baseUrl = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** The API base this client calls, without credentials. */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * Registers {@code schema} under {@code subject} via {@code POST /subjects/{subject}/versions};
   * registering an identical schema again returns the same id. Cached: a second call with an
   * equal schema makes no HTTP call.
   */
  @Override
  public int register(String subject, Schema schema) {
    return cachedId(subject, schema, "registering a schema under subject '" + subject + "'", "/versions");
  }

  /** The id of {@code schema} under {@code subject}: from the cache, else from POST {@code /subjects/{subject}<suffix>}. */
  private int cachedId(String subject, Schema schema, String what, String pathSuffix) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = idsBySubjectAndSchema.get(key);
    if (cached != null) {
      return cached;
    }
    return remember(key, what, "/subjects/" + encode(subject) + pathSuffix);
  }

  private int remember(SubjectSchema key, String what, String path) {
    ObjectNode body = JSON.createObjectNode();
    body.put("schema", key.schema().toString());
    String url = baseUrl + path;
    JsonNode answer = call(what, key.subject(), "POST", url, body.toString());
    JsonNode id = answer.get("id");
    if (id == null || !id.canConvertToInt()) {
      throw RegistryErrors.unexpectedBody(what, url, answer.toString(), null);
    }
    int schemaId = id.asInt();
    schemasById.putIfAbsent(schemaId, key.schema());
    idsBySubjectAndSchema.putIfAbsent(key, schemaId);
    return schemaId;
  }

  /**
   * The id of {@code schema} under {@code subject} via {@code POST /subjects/{subject}}, without
   * registering it; cached like {@link #register}.
   */
  @Override
  public int lookup(String subject, Schema schema) {
    return cachedId(subject, schema, "looking up a schema under subject '" + subject + "' (without registering)", "");
  }

  /** The schema with global id {@code id} via {@code GET /schemas/ids/{id}}; cached. */
  @Override
  public Schema getById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    String what = "looking up schema id " + id;
    String url = baseUrl + "/schemas/ids/" + id;
    Schema schema;
    try {
      schema = parseSchema(what, url, call(what, null, "GET", url, null));
    } catch (SchemaRegistryException e) {
      if (!worthAnotherRoute(e)) {
        throw e;
      }
      schema = getByIdThroughSubjectVersion(id, e);
    }
    Schema previous = schemasById.putIfAbsent(id, schema);
    return previous != null ? previous : schema;
  }

  /**
   * Apicurio 3.0.x answers {@code GET /schemas/ids/{id}} with 400 "Failed to discover artifact
   * type from content" for schemas registered through its own v3 API (e.g. by Apicurio's
   * serializer; Apicurio/apicurio-registry#5713). The same schema is reachable through the
   * subject version that uses the id, still within the Confluent API.
   */
  private static boolean worthAnotherRoute(SchemaRegistryException e) {
    return e.httpStatus().orElse(0) == 400;
  }

  private Schema getByIdThroughSubjectVersion(int id, SchemaRegistryException original) {
    String what = "looking up the subject versions using schema id " + id;
    try {
      String url = baseUrl + "/schemas/ids/" + id + "/versions";
      JsonNode versions = callForArray(what, url);
      JsonNode first = versions.path(0);
      if (!first.hasNonNull("subject") || !first.path("version").canConvertToInt()) {
        throw original;
      }
      String subject = first.get("subject").asText();
      String versionUrl = baseUrl + "/subjects/" + encode(subject) + "/versions/"
          + first.get("version").asInt();
      JsonNode answer = call(what, subject, "GET", versionUrl, null);
      if (answer.path("id").asInt(-1) != id) {
        throw original;
      }
      return parseSchema(what, versionUrl, answer);
    } catch (SchemaRegistryException fallbackFailed) {
      if (fallbackFailed != original) {
        original.addSuppressed(fallbackFailed);
      }
      throw original;
    }
  }

  /**
   * The latest version of {@code subject} via {@code GET /subjects/{subject}/versions/latest}.
   * Not cached, since it changes when a new version is registered.
   */
  public RegisteredSchema latest(String subject) {
    Objects.requireNonNull(subject, "subject");
    String what = "reading the latest version of subject '" + subject + "'";
    String url = baseUrl + "/subjects/" + encode(subject) + "/versions/latest";
    JsonNode answer = call(what, subject, "GET", url, null);
    Schema schema = parseSchema(what, url, answer);
    if (!answer.path("id").canConvertToInt() || !answer.path("version").canConvertToInt()) {
      throw RegistryErrors.unexpectedBody(what, url, answer.toString(), null);
    }
    int id = answer.get("id").asInt();
    schemasById.putIfAbsent(id, schema);
    return new RegisteredSchema(subject, answer.get("version").asInt(), id, schema);
  }

  /** Drops the caches; the JDK 17 HTTP client holds no resources that need closing. */
  @Override
  public void close() {
    idsBySubjectAndSchema.clear();
    schemasById.clear();
  }

  @Override
  public String toString() {
    return "SchemaRegistryClient[" + baseUrl + "]";
  }

  private JsonNode callForArray(String what, String url) {
    return send(what, null, "GET", url, null, true);
  }

  private JsonNode call(String what, String subject, String method, String url, String body) {
    return send(what, subject, method, url, body, false);
  }

  private JsonNode send(String what, String subject, String method, String url, String body,
      boolean expectArray) {
    Map<String, String> requestHeaders = headers;
    if (body != null) {
      Map<String, String> h = new HashMap<>(headers);
      h.put("Content-Type", CONTENT_TYPE);
      requestHeaders = h;
    }
    Transport.Response response;
    try {
      response = transport.send(new Transport.Request(method, URI.create(url), requestHeaders,
          body));
    } catch (IOException e) {
      throw RegistryErrors.fromIo(what, e, url, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RegistryErrors.interrupted(what, url, e);
    }
    if (response.status() < 200 || response.status() >= 300) {
      throw RegistryErrors.fromResponse(what, subject, response.status(), response.body(), url);
    }
    try {
      JsonNode node = JSON.readTree(response.body());
      if (node == null || (expectArray ? !node.isArray() : !node.isObject())) {
        throw RegistryErrors.unexpectedBody(what, url, response.body(), null);
      }
      return node;
    } catch (IOException e) {
      throw RegistryErrors.unexpectedBody(what, url, response.body(), e);
    }
  }

  private static Schema parseSchema(String what, String url, JsonNode answer) {
    String type = answer.path("schemaType").asText("AVRO");
    if (!"AVRO".equalsIgnoreCase(type)) {
      throw SchemaRegistryException.withoutResponse("Schema found while " + what + " at " + url
          + " is of type " + type + ", not AVRO: the topic carries another format.", url, false,
          null);
    }
    JsonNode text = answer.get("schema");
    if (text == null || !text.isTextual()) {
      throw RegistryErrors.unexpectedBody(what, url, answer.toString(), null);
    }
    try {
      return new Schema.Parser().parse(text.asText());
    } catch (RuntimeException e) {
      throw SchemaRegistryException.withoutResponse("Schema returned while " + what + " at " + url
          + " is not valid Avro: " + e.getMessage(), url, false, e);
    }
  }

  private static String encode(String pathSegment) {
    return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static URI withoutUserInfo(URI uri) {
    String s = uri.toString();
    int at = s.indexOf('@', s.indexOf("://") + 3);
    return URI.create(s.substring(0, s.indexOf("://") + 3) + s.substring(at + 1));
  }

  private static Duration requirePositive(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("schema registry timeout must be positive: " + timeout);
    }
    return timeout;
  }

  /** Cache key; {@link Schema#hashCode()} is computed once per schema instance. */
  private record SubjectSchema(String subject, Schema schema) {
  }

  /** Percent-decodes user info; unlike form decoding, '+' stays a plus. */
  private static String decodeUserInfo(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
