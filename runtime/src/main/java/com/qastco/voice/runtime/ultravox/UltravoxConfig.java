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

  public boolean configured() {
    return apiKey != null && !apiKey.isBlank();
  }
}
