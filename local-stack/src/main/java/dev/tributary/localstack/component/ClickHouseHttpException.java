package dev.tributary.localstack.component;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ClickHouse HTTP error answer: status, the server's error text, and its numeric error code
 * (e.g. 164 READONLY, 60 UNKNOWN_TABLE) parsed from {@code "Code: N, e.displayText() = ..."}.
 *
 * <p>Immutable.
 */
public final class ClickHouseHttpException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private static final Pattern CODE = Pattern.compile("Code:\\s*(\\d+)");

  private final int status;
  private final int code;
  private final String serverText;

  public ClickHouseHttpException(int status, String serverText, String baseUrl) {
    super("ClickHouse at " + baseUrl + " answered HTTP " + status + ": " + serverText);
    this.status = status;
    this.serverText = serverText;
    Matcher m = CODE.matcher(serverText);
    this.code = m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  public int status() {
    return status;
  }

  /** ClickHouse's error code, or -1 when the answer had none. */
  public int code() {
    return code;
  }

  public String serverText() {
    return serverText;
  }
}
