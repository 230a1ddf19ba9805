package com.qastco.voice.runtime.mcp;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** {@code voice.mcp.*}: how long an unused MCP session lives. */
@ConfigurationProperties("voice.mcp")
public class McpConfig {
  private Duration sessionIdle = Duration.ofMinutes(30);

  public Duration getSessionIdle() {
    return sessionIdle;
  }

  public void setSessionIdle(Duration sessionIdle) {
    this.sessionIdle = sessionIdle;
  }
}
