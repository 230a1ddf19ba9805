package com.qastco.voice.runtime.sessions;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** One Redis connection for the runtime (Lettuce multiplexes it across threads). */
@Factory
class RedisFactory {
  @Singleton
  @Bean(preDestroy = "shutdown")
  RedisClient redisClient(RedisConfig config) {
    return RedisClient.create(config.getUri());
  }

  @Singleton
  @Bean(preDestroy = "close")
  StatefulRedisConnection<String, String> redisConnection(RedisClient client) {
    return client.connect();
  }
}
