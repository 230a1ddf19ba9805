package com.qastco.voice.runtime.telephony;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/** The platform's Twilio account: its auth token signs every voice webhook Twilio sends. */
@ConfigurationProperties("voice.twilio")
public class TwilioConfig {
  private String authToken;
  private String publicBaseUrl;

  @Nullable
  public String getAuthToken() {
    return authToken;
  }

  public void setAuthToken(@Nullable String authToken) {
    this.authToken = authToken;
  }

  /**
   * The scheme and host Twilio calls, e.g. https://voice.example.com: the URL it signs is the public one, not what
   * the runtime sees behind the ingress. Without it, X-Forwarded-Proto and Host are used.
   */
  @Nullable
  public String getPublicBaseUrl() {
    return publicBaseUrl;
  }

  public void setPublicBaseUrl(@Nullable String publicBaseUrl) {
    this.publicBaseUrl = publicBaseUrl == null ? null : publicBaseUrl.replaceAll("/+$", "");
  }

  public boolean configured() {
    return authToken != null && !authToken.isBlank();
  }
}
