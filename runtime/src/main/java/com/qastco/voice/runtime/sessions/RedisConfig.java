package com.qastco.voice.runtime.sessions;

import io.micronaut.context.annotation.ConfigurationProperties;

/** {@code voice.redis.uri}: the Redis that holds live sessions, counters, rate-limit buckets and live events. */
@ConfigurationProperties("voice.redis")
public class RedisConfig {
  private String uri = "redis://localhost:6379";

  public String getUri() {
    return uri;
  }

  public void setUri(String uri) {
    this.uri = uri;
  }
}
