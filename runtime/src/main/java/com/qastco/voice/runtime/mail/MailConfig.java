package com.qastco.voice.runtime.mail;

import io.micronaut.context.annotation.ConfigurationProperties;

/** {@code voice.mail.*}: the SMTP server the platform sends its e-mail through, and the sender's address. */
@ConfigurationProperties("voice.mail")
public class MailConfig {
  private String smtpHost;
  private int smtpPort = 587;
  private boolean startTls = true;
  private boolean implicitTls;
  private String username;
  private String password;
  private String from = "no-reply@localhost";

  public String getSmtpHost() {
    return smtpHost;
  }

  public void setSmtpHost(String smtpHost) {
    this.smtpHost = smtpHost;
  }

  public int getSmtpPort() {
    return smtpPort;
  }

  public void setSmtpPort(int smtpPort) {
    this.smtpPort = smtpPort;
  }

  public boolean isStartTls() {
    return startTls;
  }

  public void setStartTls(boolean startTls) {
    this.startTls = startTls;
  }

  /** TLS from the first byte (port 465) instead of STARTTLS. */
  public boolean isImplicitTls() {
    return implicitTls;
  }

  public void setImplicitTls(boolean implicitTls) {
    this.implicitTls = implicitTls;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from;
  }
}
