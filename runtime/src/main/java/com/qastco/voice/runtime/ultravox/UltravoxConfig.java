package com.qastco.voice.runtime.ultravox;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/** Where the voice provider is and how to reach it; without an API key, voice is off and says so. */
@ConfigurationProperties("voice.ultravox")
public class UltravoxConfig {
  private String baseUrl = "https://api.ultravox.ai/api";
  private String apiKey;
  private Duration timeout = Duration.ofSeconds(10);
  private java.util.List<String> webhookSecrets = java.util.List.of();
  private Duration webhookTolerance = Duration.ofMinutes(1);

  public String getBaseUrl() {
    return baseUrl;
  }

  public void setBaseUrl(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  @Nullable
  public String getApiKey() {
    return apiKey;
  }

  public void setApiKey(@Nullable String apiKey) {
    this.apiKey = apiKey;
  }

  public Duration getTimeout() {
    return timeout;
  }

  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  /** The secrets call events may be signed with: the current one, and during a rotation the next. */
  public java.util.List<String> getWebhookSecrets() {
    return webhookSecrets;
  }

  public void setWebhookSecrets(java.util.List<String> webhookSecrets) {
    this.webhookSecrets = webhookSecrets.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** How old (or how far ahead) a signed timestamp may be before the event counts as a replay. */
  public Duration getWebhookTolerance() {
    return webhookTolerance;
  }

  public void setWebhookTolerance(Duration webhookTolerance) {
    this.webhookTolerance = webhookTolerance;
  }

  public boolean configured() {
    return apiKey != null && !apiKey.isBlank();
  }
}
