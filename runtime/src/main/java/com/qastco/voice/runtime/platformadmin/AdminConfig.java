package com.qastco.voice.runtime.platformadmin;

import io.micronaut.context.annotation.ConfigurationProperties;

/** {@code voice.admin.*}: the platform operator's sign-in (an e-mail and a BCrypt hash, never a password). */
@ConfigurationProperties("voice.admin")
public class AdminConfig {
  private String email;
  private String passwordHash;

  public boolean configured() {
    return email != null && !email.isBlank() && passwordHash != null && passwordHash.startsWith("$2");
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public String getPasswordHash() {
    return passwordHash;
  }

  public void setPasswordHash(String passwordHash) {
    this.passwordHash = passwordHash;
  }
}
