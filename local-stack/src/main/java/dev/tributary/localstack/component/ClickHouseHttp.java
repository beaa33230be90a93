package dev.tributary.localstack.component;

import dev.tributary.localstack.process.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A minimal ClickHouse HTTP client (JDK {@code java.net.http}, no driver) for fixtures, the CLI's
 * live counts and ad-hoc checks: the statement is POSTed as the body, the answer is the server's
 * text (TSV unless the SQL says {@code FORMAT}). Non-200 answers throw
 * {@link ClickHouseHttpException} carrying the server's error text and code.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClickHouseHttp {

  private final String baseUrl;
  private final String user;
  private final String password;
  private final Duration timeout;

  /**
   * @param baseUrl e.g. {@code http://127.0.0.1:8123}
   */
  public ClickHouseHttp(String baseUrl, String user, String password, Duration timeout) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.user = user;
    this.password = password;
    this.timeout = timeout;
  }

  /** As user {@code default} without password, 30 s timeout. */
  public ClickHouseHttp(String baseUrl) {
    this(baseUrl, "default", "", Duration.ofSeconds(30));
  }

  /** Runs a query and returns the response body. */
  public String query(String sql) {
    return send(sql, null);
  }

  /** Runs a query in {@code database} and returns the response body. */
  public String query(String database, String sql) {
    return send(sql, database);
  }

  /** Runs a statement (DDL/DML), discarding the (normally empty) answer. */
  public void execute(String sql) {
    send(sql, null);
  }

  public String baseUrl() {
    return baseUrl;
  }

  private String send(String sql, String database) {
    String url = baseUrl + "/" + (database == null ? "" : "?database=" + URLEncoder.encode(database, StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .timeout(timeout)
        .header("X-ClickHouse-User", user)
        .header("X-ClickHouse-Key", password)
        .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
        .build();
    HttpResponse<String> response;
    try {
      try {
        response = Http.client().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        if (!closedBeforeAnswering(e)) {
          throw e;
        }
        // The pooled keep-alive connection was closed by the server as it went idle (the local
        // server's keep_alive_timeout is 1 s so that it stops fast, and pollers ask every second):
        // the request was not answered. Once more, on a new connection.
        response = Http.client().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("ClickHouse at " + baseUrl + " did not answer: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while querying ClickHouse at " + baseUrl, e);
    }
    if (response.statusCode() != 200) {
      throw new ClickHouseHttpException(response.statusCode(), response.body().trim(), baseUrl);
    }
    return response.body();
  }

  /**
   * The connection ended before a single byte of an answer: the JDK reports "header parser received
   * no bytes", over an EOF (the server closed the idle connection) or a reset (it closed it with our
   * request unread; the cause is then a SocketException or a plain IOException, depending on the
   * channel). This is the condition on which the JDK client itself resends idempotent requests taken
   * from its pool; ours are POSTs, so this client does it.
   */
  static boolean closedBeforeAnswering(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.io.EOFException
          || (t.getMessage() != null && t.getMessage().contains("header parser received no bytes"))) {
        return true;
      }
    }
    return false;
  }
}
