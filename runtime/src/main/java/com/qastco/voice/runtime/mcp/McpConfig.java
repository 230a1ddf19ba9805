package com.qastco.voice.runtime.mcp;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** {@code voice.mcp.*}: how long an unused MCP session lives, and how many one Business may hold on a replica. */
@ConfigurationProperties("voice.mcp")
public class McpConfig {
  private Duration sessionIdle = Duration.ofMinutes(30);
  private int maxSessionsPerBusiness = 20;

  public int getMaxSessionsPerBusiness() {
    return maxSessionsPerBusiness;
  }

  public void setMaxSessionsPerBusiness(int maxSessionsPerBusiness) {
    this.maxSessionsPerBusiness = maxSessionsPerBusiness;
  }

  public Duration getSessionIdle() {
    return sessionIdle;
  }

  public void setSessionIdle(Duration sessionIdle) {
    this.sessionIdle = sessionIdle;
  }
}
