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
  private int trustedProxies = 1;
  private int formsPerClient = 60;
  private java.util.List<String> callHosts = java.util.List.of("voice.ultravox.ai", "*.ultravox.ai");

  /**
   * The hosts a voice page may join calls on (the voice provider's; {@code *.} allows subdomains): a page joins the
   * call its fragment names only there, and its Content-Security-Policy lets it connect nowhere else.
   */
  public java.util.List<String> getCallHosts() {
    return callHosts;
  }

  public void setCallHosts(java.util.List<String> callHosts) {
    for (String host : callHosts) {
      if (!host.matches("(\\*\\.)?[a-z0-9.-]+(:[0-9]+)?")) {
        throw new IllegalArgumentException("voice.web.call-hosts: " + host + " is not a host name (or *.domain)");
      }
    }
    this.callHosts = java.util.List.copyOf(callHosts);
  }

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

  /** Proxies in front of the runtime: the client is the entry this many places from the end of X-Forwarded-For. */
  public int getTrustedProxies() {
    return trustedProxies;
  }

  public void setTrustedProxies(int trustedProxies) {
    this.trustedProxies = trustedProxies;
  }

  /** Anonymous forms (sign-up, sign-in) one client address may open in ten minutes. */
  public int getFormsPerClient() {
    return formsPerClient;
  }

  public void setFormsPerClient(int formsPerClient) {
    this.formsPerClient = formsPerClient;
  }

  public boolean isSecureCookies() {
    return secureCookies;
  }

  public void setSecureCookies(boolean secureCookies) {
    this.secureCookies = secureCookies;
  }
}
