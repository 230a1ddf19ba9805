package com.qastco.voice.runtime.web;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code voice.web.*}: where the browser loads the Ultravox SDK from (an ES module exporting
 * {@code UltravoxSession}; the platform serves no copy of its own), and whether cookies are marked Secure (behind
 * TLS: always, in production).
 */
@ConfigurationProperties("voice.web")
public class WebConfig {
  private String ultravoxSdkUrl;
  private boolean secureCookies = true;

  public String getUltravoxSdkUrl() {
    return ultravoxSdkUrl == null || ultravoxSdkUrl.isBlank() ? null : ultravoxSdkUrl;
  }

  public void setUltravoxSdkUrl(String ultravoxSdkUrl) {
    this.ultravoxSdkUrl = ultravoxSdkUrl;
  }

  /** The SDK's origin, for the Content-Security-Policy; null when it is served from this host or not set. */
  public String sdkOrigin() {
    String url = getUltravoxSdkUrl();
    if (url == null || !url.matches("^https?://.*")) {
      return null;
    }
    java.net.URI uri = java.net.URI.create(url);
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  public boolean isSecureCookies() {
    return secureCookies;
  }

  public void setSecureCookies(boolean secureCookies) {
    this.secureCookies = secureCookies;
  }
}
