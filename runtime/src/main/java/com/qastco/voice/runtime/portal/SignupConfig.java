package com.qastco.voice.runtime.portal;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * {@code voice.signup.*}: how many sign-ups the portal takes, so that a stranger cannot make the platform provision
 * companies, agents, customers and trials by the hundred. Each limit counts in Redis (all replicas together).
 */
@ConfigurationProperties("voice.signup")
public class SignupConfig {
  /** Sign-up attempts per hour from one address block (/24 of IPv4, /64 of IPv6). */
  private int perAddressBlockPerHour = 5;
  /** Valid sign-ups per day for one e-mail domain. */
  private int perEmailDomainPerDay = 20;
  /** Valid sign-ups per hour on the whole platform. */
  private int platformPerHour = 100;
  /** Sign-ups waiting for their e-mail to be confirmed, at most, on the whole platform. */
  private int maxUnconfirmed = 500;
  /** How long a confirmation link works. */
  private Duration confirmationTtl = Duration.ofHours(24);

  public int getPerAddressBlockPerHour() {
    return perAddressBlockPerHour;
  }

  public void setPerAddressBlockPerHour(int value) {
    this.perAddressBlockPerHour = value;
  }

  public int getPerEmailDomainPerDay() {
    return perEmailDomainPerDay;
  }

  public void setPerEmailDomainPerDay(int value) {
    this.perEmailDomainPerDay = value;
  }

  public int getPlatformPerHour() {
    return platformPerHour;
  }

  public void setPlatformPerHour(int value) {
    this.platformPerHour = value;
  }

  public int getMaxUnconfirmed() {
    return maxUnconfirmed;
  }

  public void setMaxUnconfirmed(int value) {
    this.maxUnconfirmed = value;
  }

  public Duration getConfirmationTtl() {
    return confirmationTtl;
  }

  public void setConfirmationTtl(Duration value) {
    this.confirmationTtl = value;
  }
}
