package dev.tributary.sink.clickhouse;

import com.clickhouse.client.api.ClientMisconfigurationException;
import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.ServerException;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The one place that decides whether a ClickHouse failure is worth retrying. Retriable: the server
 * cannot be reached or answered with a transient condition (timeouts, overload, too many parts,
 * memory limit, a previous attempt of the same query id still running). Fatal: everything the
 * server says about the request itself (unknown table or column, type mismatch, data that does
 * not parse, access denied): retrying the same batch would fail forever, so the sink stops and
 * names the table and offsets instead.
 *
 * <p>Pure; thread-safe.
 */
public final class ClickHouseErrors {

  /** The decision, with a short reason for logs. */
  public sealed interface Verdict permits Retriable, Fatal, Fenced {
    String reason();
  }

  /** The same request may succeed later. */
  public record Retriable(String reason) implements Verdict {}

  /** The same request will never succeed. */
  public record Fatal(String reason) implements Verdict {}

  /**
   * The fence refused the INSERT: a newer owner claimed the partition ({@link FenceDdl}). Neither
   * retriable nor a reason to stop: the partition is simply no longer this instance's.
   */
  public record Fenced(String reason) implements Verdict {}

  /** Server error codes (see ClickHouse's ErrorCodes.cpp) of transient conditions. */
  static final Set<Integer> RETRIABLE_CODES = Set.of(
      159, // TIMEOUT_EXCEEDED
      201, // QUOTA_EXCEEDED (per interval)
      202, // TOO_MANY_SIMULTANEOUS_QUERIES
      203, // NO_FREE_CONNECTION
      209, // SOCKET_TIMEOUT
      210, // NETWORK_ERROR
      216, // QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING: our earlier attempt of this batch is still running
      225, // NO_ZOOKEEPER
      236, // ABORTED
      241, // MEMORY_LIMIT_EXCEEDED
      242, // TABLE_IS_READ_ONLY (replica lost its keeper session)
      244, // UNEXPECTED_ZOOKEEPER_ERROR (e.g. "No node .../replicas/<r>/is_active": a restarted replica not yet registered)
      252, // TOO_MANY_PARTS: merges are behind; raise sink.batch.rows to insert fewer, bigger parts
      285, // TOO_FEW_LIVE_REPLICAS (a replica of the shard is down: the quorum INSERT waits for it)
      286, // UNSATISFIED_QUORUM_FOR_PREVIOUS_WRITE (an earlier quorum INSERT still awaits its replicas)
      289, // REPLICA_IS_NOT_IN_QUORUM (a lagging replica refuses a sequentially consistent read)
      319, // UNKNOWN_STATUS_OF_INSERT
      394, // QUERY_WAS_CANCELLED (server shutting down)
      425, // SYSTEM_ERROR
      473, // DEADLOCK_AVOIDED
      999); // KEEPER_EXCEPTION

  private static final Pattern MESSAGE_CODE = Pattern.compile("Code: (\\d{1,4})[,.]");

  private ClickHouseErrors() {}

  public static Verdict classify(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ServerException server) {
        return classifyServer(server);
      }
      if (t instanceof ClientMisconfigurationException) {
        return new Fatal("client misconfigured: " + t.getMessage());
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IOException || t instanceof ConnectionInitiationException
          || t instanceof TimeoutException) {
        return new Retriable("unreachable: " + t);
      }
    }
    Throwable root = unwrap(failure);
    return new Fatal("unexpected client failure: " + root);
  }

  private static Verdict classifyServer(ServerException e) {
    int code = e.getCode() > 0 ? e.getCode() : codeInMessage(e.getMessage());
    if (code == FenceDdl.FENCED_CODE) {
      return new Fenced("server code " + code + ", another sink instance claimed the partition since: "
          + firstLine(e.getMessage()));
    }
    if (RETRIABLE_CODES.contains(code)) {
      return new Retriable("server code " + code + ": " + firstLine(e.getMessage()));
    }
    int http = e.getTransportProtocolCode();
    if (code == ServerException.CODE_UNKNOWN && (http == 502 || http == 503 || http == 504)) {
      return new Retriable("HTTP " + http + " from a proxy or a starting server");
    }
    return new Fatal("server code " + code + " (HTTP " + http + "): " + firstLine(e.getMessage()));
  }

  /**
   * The server's error code from its message, for servers that do not send it in a header (18.16
   * answers {@code Code: 285, e.displayText() = ...}, which the client reports as code 0).
   */
  static int codeInMessage(String message) {
    Matcher m = MESSAGE_CODE.matcher(message == null ? "" : message);
    return m.find() ? Integer.parseInt(m.group(1)) : ServerException.CODE_UNKNOWN;
  }

  private static Throwable unwrap(Throwable t) {
    Throwable out = t;
    while ((out instanceof ExecutionException || out instanceof CompletionException) && out.getCause() != null) {
      out = out.getCause();
    }
    return out;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() > 500 ? line.substring(0, 500) + "..." : line;
  }
}
