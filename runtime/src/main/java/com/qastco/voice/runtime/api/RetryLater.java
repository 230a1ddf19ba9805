package com.qastco.voice.runtime.api;

import io.micronaut.http.HttpStatus;

/** 503 with Retry-After: something the request needs is unavailable for now; nothing was done. */
public class RetryLater extends ApiException {
  private final int seconds;

  public RetryLater(String code, String message, int seconds) {
    super(HttpStatus.SERVICE_UNAVAILABLE, code, message);
    this.seconds = seconds;
  }

  public int seconds() {
    return seconds;
  }
}
