package com.qastco.voice.runtime.ultravox;

/** The voice provider could not start a call now; {@link #retryAfterSeconds()} says when to try again. */
public class VoiceProviderException extends RuntimeException {
  private final int retryAfterSeconds;

  public VoiceProviderException(String message, int retryAfterSeconds, Throwable cause) {
    super(message, cause);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
