package com.qastco.voice.runtime.caldav;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** {@code voice.calendars.*}: how resources' CalDAV calendars are synced. */
@ConfigurationProperties("voice.calendars")
public class CalendarsConfig {
  /** How often each calendar's busy times are read again. */
  private Duration syncInterval = Duration.ofMinutes(1);
  /** How far ahead busy times are read: as far as callers book. */
  private Duration ahead = Duration.ofDays(120);
  private Duration timeout = Duration.ofSeconds(10);
  /** A calendar answer larger than this is refused rather than half read. */
  private int maxCalendarBytes = 4 * 1024 * 1024;
  /**
   * Where the calendars' passwords are kept, one Secret per resource: a namespace of their own, so the runtime may
   * write these Secrets and no other (the Businesses' keys stay the operator's).
   */
  private String credentialsNamespace = "voice-calendars";

  public Duration getSyncInterval() {
    return syncInterval;
  }

  public void setSyncInterval(Duration syncInterval) {
    this.syncInterval = syncInterval;
  }

  public Duration getAhead() {
    return ahead;
  }

  public void setAhead(Duration ahead) {
    this.ahead = ahead;
  }

  public Duration getTimeout() {
    return timeout;
  }

  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  public int getMaxCalendarBytes() {
    return maxCalendarBytes;
  }

  public void setMaxCalendarBytes(int maxCalendarBytes) {
    this.maxCalendarBytes = maxCalendarBytes;
  }

  public String getCredentialsNamespace() {
    return credentialsNamespace;
  }

  public void setCredentialsNamespace(String credentialsNamespace) {
    this.credentialsNamespace = credentialsNamespace;
  }
}
