package com.qastco.voice.runtime.telephony;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * The platform's Twilio account: its auth token signs every voice and messaging webhook Twilio sends; with the
 * account SID it also lets the runtime change a live call (a hand-over to the staff) and send a caller a text.
 */
@ConfigurationProperties("voice.twilio")
public class TwilioConfig {
  private String authToken;
  private String publicBaseUrl;
  private String accountSid;
  private String apiUrl = "https://api.twilio.com";
  private java.time.Duration transferDeadline = java.time.Duration.ofMillis(1800);

  @Nullable
  public String getAccountSid() {
    return accountSid;
  }

  public void setAccountSid(@Nullable String accountSid) {
    this.accountSid = accountSid;
  }

  /** Twilio's REST API; tests point it at their fake. */
  public String getApiUrl() {
    return apiUrl;
  }

  public void setApiUrl(String apiUrl) {
    this.apiUrl = apiUrl.replaceAll("/+$", "");
  }

  /**
   * How long a hand-over may spend on Twilio, retries included: the agent's tool must answer within Ultravox's
   * tool timeout (2.5 s by default), with time left for the database.
   */
  public java.time.Duration getTransferDeadline() {
    return transferDeadline;
  }

  public void setTransferDeadline(java.time.Duration transferDeadline) {
    this.transferDeadline = transferDeadline;
  }

  /** Whether Twilio's REST API can be used (live calls changed, texts sent): the account SID and the auth token. */
  public boolean canUseRestApi() {
    return configured() && accountSid != null && !accountSid.isBlank();
  }

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
