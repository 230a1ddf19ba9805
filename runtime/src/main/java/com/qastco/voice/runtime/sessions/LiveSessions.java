package com.qastco.voice.runtime.sessions;

import com.qastco.voice.runtime.billing.BillingPeriod;
import com.qastco.voice.runtime.plans.PlanLimit;
import com.qastco.voice.runtime.tenants.Tenant;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The fast, shared counters every runtime replica checks before starting a call: live sessions (for the
 * concurrent-call limit) and sessions in the billing period (for the plan), under the tenant's key prefix. Reservation is one
 * Lua script, so two replicas never both take the last slot. PostgreSQL keeps the sessions themselves.
 */
@Singleton
public class LiveSessions {
  private final RedisCommands<String, String> redis;
  private final Clock clock;
  private final String reserve;
  private final String release;

  public LiveSessions(StatefulRedisConnection<String, String> connection, Clock clock) {
    this.redis = connection.sync();
    this.clock = clock;
    this.reserve = redis.scriptLoad(script("redis/reserve_session.lua"));
    this.release = redis.scriptLoad(script("redis/release_session.lua"));
  }

  public enum Outcome { RESERVED, TOO_MANY_CALLS, HARD_LIMIT }

  /** @param usedThisPeriod sessions counted in the billing period, this one included when reserved */
  public record Reservation(Outcome outcome, long usedThisPeriod) {}

  /** Takes a line and counts the session in its billing period, unless a limit says no. */
  public Reservation reserve(Tenant tenant, BillingPeriod period, UUID sessionId, Duration slot, PlanLimit limits,
                             boolean hardLimit) {
    Instant now = clock.instant();
    List<Long> result = redis.evalsha(reserve, ScriptOutputType.MULTI, keys(tenant, period, sessionId),
        sessionId.toString(), Long.toString(now.toEpochMilli()), Long.toString(now.plus(slot).toEpochMilli()),
        Integer.toString(limits.getConcurrentCalls()),
        Integer.toString(limits.getIncludedSessions() == null ? -1 : limits.getIncludedSessions()),
        hardLimit ? "1" : "0", Long.toString(counterTtl(period).toSeconds()),
        Long.toString(now.plus(slot).getEpochSecond() - now.getEpochSecond()));
    Outcome outcome = switch (result.get(0).intValue()) {
      case 0 -> Outcome.RESERVED;
      case 1 -> Outcome.TOO_MANY_CALLS;
      default -> Outcome.HARD_LIMIT;
    };
    return new Reservation(outcome, result.get(1));
  }

  /**
   * The period's counter, rebuilt when Redis lost it (a restart without persistence, a flush): set only if still
   * missing, so replicas rebuilding at once agree, and kept as long as a counter made by a reservation.
   */
  public void rebuildIfLost(Tenant tenant, BillingPeriod period, java.util.function.LongSupplier counted) {
    String key = counter(tenant, period);
    if (redis.exists(key) == 0) {
      redis.set(key, Long.toString(counted.getAsLong()),
          io.lettuce.core.SetArgs.Builder.nx().ex(counterTtl(period).toSeconds()));
    }
  }

  /**
   * Undoes a reservation whose call never started or was never joined: the line and the count, in the period it
   * was counted in (the reservation noted which).
   */
  public void release(Tenant tenant, UUID sessionId) {
    String[] keys = {tenant.redisPrefix() + "live", tenant.redisPrefix() + "session:" + sessionId};
    redis.evalsha(release, ScriptOutputType.INTEGER, keys, sessionId.toString());
  }

  /** Frees the slot of a call that ended; it still counts for the month. */
  public void end(Tenant tenant, UUID sessionId) {
    redis.zrem(tenant.redisPrefix() + "live", sessionId.toString());
  }

  /** The live state of a session the widget and dashboard read, kept for as long as a call can last. */
  public void remember(Tenant tenant, UUID sessionId, Map<String, String> state, Duration ttl) {
    String key = tenant.redisPrefix() + "session:" + sessionId;
    redis.hset(key, state);
    redis.expire(key, ttl);
  }

  public long liveCount(Tenant tenant) {
    return redis.zcount(tenant.redisPrefix() + "live", io.lettuce.core.Range.create(
        (double) clock.instant().toEpochMilli(), Double.POSITIVE_INFINITY));
  }

  private String[] keys(Tenant tenant, BillingPeriod period, UUID sessionId) {
    return new String[] {tenant.redisPrefix() + "live", counter(tenant, period),
        tenant.redisPrefix() + "session:" + sessionId};
  }

  private static String counter(Tenant tenant, BillingPeriod period) {
    return tenant.redisPrefix() + "sessions:" + period.key();
  }

  /** A counter outlives its period by a month, so a late release still finds it. */
  private Duration counterTtl(BillingPeriod period) {
    return Duration.between(clock.instant(), period.end()).plus(Duration.ofDays(31));
  }

  private static String script(String resource) {
    try (InputStream in = LiveSessions.class.getClassLoader().getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
