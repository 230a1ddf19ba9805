package com.qastco.voice.runtime.status;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** The public status page's probes: how long each may take. (How often they run: {@code voice.status.interval}.) */
@ConfigurationProperties("voice.status")
public class StatusConfig {
  private Duration timeout = Duration.ofSeconds(5);

  public Duration getTimeout() {
    return timeout;
  }

  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }
}
