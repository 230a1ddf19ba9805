package com.qastco.voice.runtime.ratelimits;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code voice.widget.sessions-per-client-per-minute}: sessions one client address may start with a Business's
 * publishable key per minute (counted apart from the Business's own limits, which a public key must not spend).
 */
@ConfigurationProperties("voice.widget")
public class WidgetLimitConfig {
  private int sessionsPerClientPerMinute = 10;

  public int getSessionsPerClientPerMinute() {
    return sessionsPerClientPerMinute;
  }

  public void setSessionsPerClientPerMinute(int sessionsPerClientPerMinute) {
    this.sessionsPerClientPerMinute = sessionsPerClientPerMinute;
  }
}
