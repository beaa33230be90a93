package dev.tributary.schema.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/**
 * Turns failed registry calls into {@link SchemaRegistryException}s whose message says what
 * happened and what to check. The one place that decides retriable versus fatal for registry calls.
 */
final class RegistryErrors {

  static final int SUBJECT_NOT_FOUND = 40401;
  static final int VERSION_NOT_FOUND = 40402;
  static final int SCHEMA_NOT_FOUND = 40403;
  static final int INVALID_SCHEMA = 42201;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY_IN_MESSAGE = 300;

  private RegistryErrors() {
  }

  /**
   * @param what the operation, for the message ("registering a schema under subject 'x'")
   * @param subject the subject involved, or null
   */
  static SchemaRegistryException fromResponse(String what, String subject, int status, String body,
      String url) {
    JsonNode json = parse(body);
    int errorCode = json != null && json.path("error_code").canConvertToInt()
        ? json.path("error_code").asInt() : -1;
    String registrySaid = json != null && json.hasNonNull("message")
        ? json.get("message").asText() : abbreviate(body);
    String advice = advice(status, errorCode, subject, url);
    String message = "Schema registry call failed while " + what + ": HTTP " + status
        + (errorCode >= 0 ? " error_code " + errorCode : "") + " from " + url + ". " + advice
        + (registrySaid.isBlank() ? "" : " Registry said: " + registrySaid);
    return new SchemaRegistryException(message, status, errorCode, url, status >= 500, null);
  }

  static SchemaRegistryException fromIo(String what, IOException e, String url, Duration timeout) {
    String message;
    if (e instanceof HttpConnectTimeoutException) {
      message = "Schema registry unreachable at " + url + " while " + what
          + ": no connection within " + timeout.toMillis() + " ms; is it running and reachable?"
          + " Check schema.registry.url.";
    } else if (e instanceof HttpTimeoutException) {
      message = "Schema registry at " + url + " did not answer within " + timeout.toMillis()
          + " ms while " + what + "; it may be overloaded or starting. Retry, or raise the"
          + " registry timeout.";
    } else if (e instanceof ConnectException || e.getCause() instanceof UnresolvedAddressException) {
      message = "Schema registry unreachable at " + url + " while " + what
          + " (" + e.getClass().getSimpleName() + "); is it running? Set schema.registry.url"
          + " to its Confluent-compatible API base, e.g. http://localhost:8081/apis/ccompat/v7.";
    } else {
      message = "I/O error talking to the schema registry at " + url + " while " + what + ": "
          + e;
    }
    return SchemaRegistryException.withoutResponse(message, url, true, e);
  }

  static SchemaRegistryException interrupted(String what, String url, InterruptedException e) {
    return SchemaRegistryException.withoutResponse(
        "Interrupted while " + what + " at " + url, url, false, e);
  }

  static SchemaRegistryException unexpectedBody(String what, String url, String body,
      Exception cause) {
    return SchemaRegistryException.withoutResponse("Unexpected answer from the schema registry at "
        + url + " while " + what + ": is schema.registry.url the Confluent-compatible API base"
        + " (e.g. http://localhost:8081/apis/ccompat/v7)? Body: " + abbreviate(body), url, false,
        cause);
  }

  private static String advice(int status, int errorCode, String subject, String url) {
    String subjectText = subject == null ? "the subject" : "subject '" + subject + "'";
    if (status == 409) {
      return "The schema is not compatible with " + subjectText + "'s latest version under the"
          + " subject's compatibility rule (BACKWARD in Tributary: the new schema must read data"
          + " written with the old one, so new fields need a default and types may only widen)."
          + " Fix the schema or publish it under a new topic.";
    }
    if (status == 404) {
      return switch (errorCode) {
        case SUBJECT_NOT_FOUND -> subjectText + " does not exist in this registry; nothing was"
            + " registered for that topic yet, or schema.registry.url points at another registry.";
        case VERSION_NOT_FOUND -> "That version of " + subjectText + " does not exist.";
        case SCHEMA_NOT_FOUND -> "No schema with that id in this registry: the data was written"
            + " against another registry, or the registry lost its storage. Check"
            + " schema.registry.url.";
        default -> "Not found: is schema.registry.url the Confluent-compatible API base"
            + " (e.g. http://localhost:8081/apis/ccompat/v7)?";
      };
    }
    if (status == 422 || errorCode == INVALID_SCHEMA) {
      return "The registry rejected the schema as invalid.";
    }
    if (status == 401 || status == 403) {
      return "Not authorised: check the credentials (user info in schema.registry.url).";
    }
    if (status >= 500) {
      return "The registry failed internally or is unavailable; retry later and check its logs.";
    }
    return "Unexpected status; check schema.registry.url and the registry's logs.";
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException notJson) {
      return null;
    }
  }

  private static String abbreviate(String body) {
    if (body == null) {
      return "";
    }
    String oneLine = body.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= MAX_BODY_IN_MESSAGE
        ? oneLine : oneLine.substring(0, MAX_BODY_IN_MESSAGE) + "...";
  }
}
