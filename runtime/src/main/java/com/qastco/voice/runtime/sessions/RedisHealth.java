package com.qastco.voice.runtime.sessions;

import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;

/** Redis answers: without it no call can start (limits, live state), so a replica without it is not ready. */
@Singleton
@Readiness
public class RedisHealth extends AbstractHealthIndicator<Map<String, Object>> {
  private final StatefulRedisConnection<String, String> redis;

  public RedisHealth(StatefulRedisConnection<String, String> redis) {
    this.redis = redis;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    String pong = redis.sync().ping();
    healthStatus = "PONG".equals(pong) ? HealthStatus.UP : HealthStatus.DOWN;
    return Map.of();
  }

  @Override
  protected String getName() {
    return "redis";
  }
}
