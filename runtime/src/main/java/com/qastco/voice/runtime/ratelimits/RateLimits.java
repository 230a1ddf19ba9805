package com.qastco.voice.runtime.ratelimits;

import com.qastco.voice.runtime.plans.PlanLimit;
import com.qastco.voice.runtime.plans.PlanLimits;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.web.WebConfig;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets in Redis (Bucket4j), so every replica counts against the same limits: one per Business and one
 * per key, sized by the Business's plan, refilled continuously over a minute. Keys live under the Business's
 * prefix, so one Business's flood only ever touches its own buckets.
 */
@Singleton
public class RateLimits implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RateLimits.class);
  private final StatefulRedisConnection<String, byte[]> connection;
  private final ProxyManager<String> buckets;
  private final PlanLimits plans;
  /** Bucket → System.nanoTime() before which Redis already said no: a flood is refused here, not in Redis. */
  private final Map<String, Long> refusedUntil = new ConcurrentHashMap<>();

  private final int formsPerClient;

  public RateLimits(RedisClient client, PlanLimits plans, WebConfig web) {
    this.plans = plans;
    this.formsPerClient = web.getFormsPerClient();
    this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    this.buckets = Bucket4jLettuce.casBasedBuilder(connection)
        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(2)))
        .build();
  }

  /** Empty when the request may go ahead; otherwise how long to wait. */
  public Optional<Duration> take(Tenant tenant, String keyId) {
    PlanLimit plan = plans.of(tenant.plan());
    try {
      // The key first: a key past its own limit then costs its Business nothing, so one busy key (a runaway
      // script) does not use up what the Business's other keys may still do.
      return take(tenant.redisPrefix() + "rate:key:" + keyId, plan.getRequestsPerMinutePerKey())
          .or(() -> take(tenant.redisPrefix() + "rate:business", plan.getRequestsPerMinute()));
    } catch (RedisException e) {
      // Limits protect the service; an unreachable Redis must not take the whole API down with it.
      LOG.warn("Rate limit not checked for {}: {}", tenant.name(), e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * A limit on something that is no Business's API (sign-ups, logins), per client: {@code capacity} per
   * {@code period}. Empty when it may go ahead; otherwise how long to wait. An unreachable Redis lets it through.
   */
  public Optional<Duration> takeFor(String what, String client, int capacity, Duration period) {
    try {
      return take("rate:" + what + ":" + client, capacity, period);
    } catch (RedisException e) {
      LOG.warn("Rate limit on {} not checked: {}", what, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Opening a form before signing in (sign-in, sign-up, confirmation) keeps a small session in Redis for its CSRF
   * token: per client address and on the whole platform there are only so many, so a stranger cannot fill Redis.
   */
  public void checkAnonymousForm(String client) {
    takeFor("form", client, formsPerClient, FORMS_PERIOD)
        .or(() -> takeFor("form-platform", "all", FORMS_ON_PLATFORM, FORMS_PERIOD))
        .ifPresent(wait -> {
          throw new com.qastco.voice.runtime.api.ApiException(io.micronaut.http.HttpStatus.TOO_MANY_REQUESTS,
              "too_many_forms", "Too many forms opened from your address; please wait "
              + Math.max(1, wait.toMinutes()) + " minutes");
        });
  }

  static final int FORMS_ON_PLATFORM = 20_000;
  static final Duration FORMS_PERIOD = Duration.ofMinutes(10);

  /** A limit of one Business's on something per client ({@code what} names both), kept under its own prefix. */
  public Optional<Duration> takeFor(Tenant tenant, String what, int capacity, Duration period) {
    try {
      return take(tenant.redisPrefix() + "rate:" + what, capacity, period);
    } catch (RedisException e) {
      LOG.warn("Rate limit on {} of {} not checked: {}", what, tenant.name(), e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * A bucket refused until a known time (Bucket4j says when its next token comes) is refused locally until then:
   * a flooding client costs one Redis round trip per refill, not one per request, so it cannot crowd other
   * Businesses' commands out of the shared Redis connection. Other replicas keep their own view; none lets more
   * through than Redis allows.
   */
  private Optional<Duration> take(String bucket, int perMinute) {
    return take(bucket, perMinute, Duration.ofMinutes(1));
  }

  private Optional<Duration> take(String bucket, int capacity, Duration period) {
    long now = System.nanoTime();
    Long until = refusedUntil.get(bucket);
    if (until != null && now < until) {
      return Optional.of(Duration.ofNanos(until - now));
    }
    ConsumptionProbe probe = consume(bucket, capacity, period);
    if (probe.isConsumed()) {
      refusedUntil.remove(bucket);
      return Optional.empty();
    }
    Duration wait = Duration.ofNanos(Math.max(probe.getNanosToWaitForRefill(), 1));
    if (refusedUntil.size() > MAX_REMEMBERED) {
      refusedUntil.values().removeIf(t -> t < now);
    }
    refusedUntil.put(bucket, now + wait.toNanos());
    return Optional.of(wait);
  }

  private static final int MAX_REMEMBERED = 10_000;

  /**
   * The bucket's size is part of its key: Redis keeps a bucket's configuration with its state, so a changed limit
   * (a new setting, a plan change) would otherwise apply only once the old bucket expired.
   */
  private ConsumptionProbe consume(String key, int capacity, Duration period) {
    BucketConfiguration configuration = BucketConfiguration.builder()
        .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, period))
        .build();
    return buckets.builder().build(key + ":" + capacity + "/" + period.toSeconds(), () -> configuration)
        .tryConsumeAndReturnRemaining(1);
  }

  @PreDestroy
  @Override
  public void close() {
    connection.close();
  }
}
