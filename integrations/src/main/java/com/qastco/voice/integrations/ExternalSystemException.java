package com.qastco.voice.integrations;

import java.time.Duration;

/**
 * An external system (Redis, ERPNext, Ultravox, Stripe) did not do what was asked. The {@link Kind} says whether
 * the same request can succeed later; {@code retryAfter} is the delay the system asked for, if it did. Messages
 * name the system and the problem and never carry credentials.
 */
public class ExternalSystemException extends RuntimeException {
  /** What went wrong, as far as a caller decides what to do next. */
  public enum Kind {
    /** No answer in time; the request may still have been carried out. */
    TIMEOUT,
    /** No connection. */
    UNREACHABLE,
    /** 429: too many requests or calls for now. */
    RATE_LIMITED,
    /** 5xx, or an answer that cannot be read. */
    FAILED,
    /** A 4xx other than 429: the same request will be refused again. */
    REJECTED
  }

  private final String system;
  private final Kind kind;
  private final Duration retryAfter;

  public ExternalSystemException(String system, Kind kind, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.system = system;
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  public String system() {
    return system;
  }

  public Kind kind() {
    return kind;
  }

  public boolean retryable() {
    return kind != Kind.REJECTED;
  }

  /** The delay the system asked for (Retry-After), or null when it did not say. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** The kind of an HTTP error status. */
  public static Kind kindOf(int status) {
    if (status == 429) {
      return Kind.RATE_LIMITED;
    }
    return status >= 500 || status == 408 ? Kind.FAILED : Kind.REJECTED;
  }
}
