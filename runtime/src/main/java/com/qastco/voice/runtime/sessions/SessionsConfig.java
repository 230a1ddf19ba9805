package com.qastco.voice.runtime.sessions;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * {@code voice.sessions.*}: how long a caller has to join a call once it is started, and when a session nobody
 * joined is ended and its reservation freed.
 */
@ConfigurationProperties("voice.sessions")
public class SessionsConfig {
  private Duration joinTimeout = Duration.ofSeconds(30);
  private Duration expireUnjoinedAfter = Duration.ofSeconds(60);

  public Duration getJoinTimeout() {
    return joinTimeout;
  }

  public void setJoinTimeout(Duration joinTimeout) {
    this.joinTimeout = joinTimeout;
  }

  public Duration getExpireUnjoinedAfter() {
    return expireUnjoinedAfter;
  }

  public void setExpireUnjoinedAfter(Duration expireUnjoinedAfter) {
    this.expireUnjoinedAfter = expireUnjoinedAfter;
  }
}
