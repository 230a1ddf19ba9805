package com.qastco.voice.runtime.tenants;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code voice.*}: the domain tenants are served under ({@code <subdomain>.<platform-domain>}, the operator's), and
 * the namespace of the Businesses' credentials Secrets (the operator's {@code VOICE_CREDENTIALS_NAMESPACE}; empty:
 * beside each Business).
 */
@ConfigurationProperties("voice")
public class PlatformConfig {
  private String platformDomain = "localhost";
  private String credentialsNamespace = "";

  public String getPlatformDomain() {
    return platformDomain;
  }

  public void setPlatformDomain(String platformDomain) {
    this.platformDomain = platformDomain;
  }

  public String getCredentialsNamespace() {
    return credentialsNamespace;
  }

  public void setCredentialsNamespace(String credentialsNamespace) {
    this.credentialsNamespace = credentialsNamespace == null ? "" : credentialsNamespace;
  }
}
