package com.qastco.voice.runtime.sessions;

import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session whose caller never joined expires (by default a minute after it was created: Ultravox's join timeout
 * is 30 s), and its concurrency slot
 * and monthly count are given back. Safe with several replicas: the database hands each expired session to one.
 */
@Singleton
public class SessionExpiry {
  private static final Logger LOG = LoggerFactory.getLogger(SessionExpiry.class);
  private final TenantDirectory tenants;
  private final SessionRepository sessions;
  private final LiveSessions live;
  private final Clock clock;
  private final Duration after;

  public SessionExpiry(TenantDirectory tenants, SessionRepository sessions, LiveSessions live, Clock clock,
                       SessionsConfig config) {
    this.tenants = tenants;
    this.sessions = sessions;
    this.live = live;
    this.clock = clock;
    this.after = config.getExpireUnjoinedAfter();
  }

  @Scheduled(fixedDelay = "30s", initialDelay = "30s")
  public void expireUnjoined() {
    for (Tenant tenant : tenants.all()) {
      try {
        List<UUID> expired = sessions.expireUnjoined(tenant.businessId(), clock.instant().minus(after));
        expired.forEach(id -> live.release(tenant, id));
        if (!expired.isEmpty()) {
          LOG.info("{} session(s) of {} expired unjoined", expired.size(), tenant.name());
        }
      } catch (RuntimeException e) {
        // One tenant's failure must not stop the others; the next round tries again.
        LOG.warn("Could not expire sessions of {}: {}", tenant.name(), e.getMessage());
      }
    }
  }
}
