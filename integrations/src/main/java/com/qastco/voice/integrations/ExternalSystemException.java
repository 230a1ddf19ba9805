package com.qastco.voice.integrations;

import java.time.Duration;

/**
 * An external system (Redis, ERPNext, Ultravox, Stripe) did not do what was asked. {@code retryable} says whether the
 * same request can succeed later (timeouts, 5xx, 429); {@code retryAfter} is the delay the system asked for, if it
 * did. Messages name the system and the problem and never carry credentials.
 */
public class ExternalSystemException extends RuntimeException {
  private final String system;
  private final boolean retryable;
  private final Duration retryAfter;

  public ExternalSystemException(String system, String message, boolean retryable, Duration retryAfter,
                                 Throwable cause) {
    super(message, cause);
    this.system = system;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  public String system() {
    return system;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The delay the system asked for (Retry-After), or null when it did not say. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
