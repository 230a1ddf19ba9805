package com.qastco.voice.runtime.outbox;

import com.qastco.voice.integrations.erpnext.FrappeClient;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.net.URI;
import java.time.Duration;

/** Where the platform's ERPNext is; without a URL and token, nothing is queued for it. */
@ConfigurationProperties("voice.erpnext")
public class ErpnextConfig {
  private String url;
  private String apiKey;
  private String apiSecret;
  private String site;
  private Duration timeout = Duration.ofSeconds(30);

  @Nullable
  public String getUrl() {
    return url;
  }

  public void setUrl(@Nullable String url) {
    this.url = url;
  }

  @Nullable
  public String getApiKey() {
    return apiKey;
  }

  public void setApiKey(@Nullable String apiKey) {
    this.apiKey = apiKey;
  }

  @Nullable
  public String getApiSecret() {
    return apiSecret;
  }

  public void setApiSecret(@Nullable String apiSecret) {
    this.apiSecret = apiSecret;
  }

  @Nullable
  public String getSite() {
    return site;
  }

  public void setSite(@Nullable String site) {
    this.site = site;
  }

  public Duration getTimeout() {
    return timeout;
  }

  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  public boolean configured() {
    return url != null && !url.isBlank() && apiKey != null && !apiKey.isBlank() && apiSecret != null
        && !apiSecret.isBlank();
  }

  FrappeClient client() {
    return new FrappeClient(URI.create(url), apiKey, apiSecret, site, timeout);
  }
}
