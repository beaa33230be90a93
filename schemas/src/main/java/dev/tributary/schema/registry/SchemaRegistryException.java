package dev.tributary.schema.registry;

import java.util.OptionalInt;

/**
 * A schema registry call failed. Carries what an operator needs to act: the HTTP status (absent
 * when no response arrived), the registry's {@code error_code} when its body had one, the URL
 * called, and whether trying again later can succeed ({@link #retriable()}: timeouts, I/O errors
 * and 5xx are; 4xx, such as an incompatible schema, are not).
 *
 * <p>Immutable, hence thread-safe.
 */
public final class SchemaRegistryException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private static final int NONE = -1;

  private final int httpStatus;
  private final int errorCode;
  private final String url;
  private final boolean retriable;

  SchemaRegistryException(String message, int httpStatus, int errorCode, String url,
      boolean retriable, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.url = url;
    this.retriable = retriable;
  }

  /** A failure with no HTTP response (connection refused, timeout, interrupted...). */
  static SchemaRegistryException withoutResponse(String message, String url, boolean retriable,
      Throwable cause) {
    return new SchemaRegistryException(message, NONE, NONE, url, retriable, cause);
  }

  /** HTTP status of the registry's answer; empty when no answer arrived. */
  public OptionalInt httpStatus() {
    return httpStatus == NONE ? OptionalInt.empty() : OptionalInt.of(httpStatus);
  }

  /** The Confluent {@code error_code} from the response body (e.g. 40403, 409); empty if none. */
  public OptionalInt errorCode() {
    return errorCode == NONE ? OptionalInt.empty() : OptionalInt.of(errorCode);
  }

  /** The URL called, without credentials. */
  public String url() {
    return url;
  }

  /** True when the same call may succeed later (registry down, overloaded or slow). */
  public boolean retriable() {
    return retriable;
  }
}
