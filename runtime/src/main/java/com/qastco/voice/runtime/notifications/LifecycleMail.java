package com.qastco.voice.runtime.notifications;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessStatus;
import com.qastco.voice.api.v1alpha1.Plan;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PostConstruct;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the owner hears of their Business's own life, seen in the Business resource whoever changed it (portal,
 * dashboard, platform admin, kubectl): the welcome when it is first Ready, a plan change, a suspension. Each is
 * queued once, whichever runtime sees it first ({@link OwnerMail#once}, keyed by the resource's generation). A
 * Business made more than a day before it became Ready here (one Ready before this platform sent welcomes) is not
 * welcomed.
 */
@Context
@Requires(beans = MailDestination.class)
public class LifecycleMail {
  private static final Logger LOG = LoggerFactory.getLogger(LifecycleMail.class);
  static final Duration NEW_FOR = Duration.ofDays(1);
  private final TenantDirectory directory;
  private final TenantDatabase database;
  private final OwnerMail ownerMail;
  private final Clock clock;

  public LifecycleMail(TenantDirectory directory, TenantDatabase database, OwnerMail ownerMail, Clock clock) {
    this.directory = directory;
    this.database = database;
    this.ownerMail = ownerMail;
    this.clock = clock;
  }

  @PostConstruct
  void listen() {
    directory.onReady(business -> {
      if (isNew(business)) {
        queue(business, "welcome", OwnerNotices.WELCOME, Map.of());
      }
    });
    directory.onChange(this::changed);
  }

  private void changed(Business before, Business after) {
    if (before.getSpec() == null || after.getSpec() == null) {
      return;
    }
    Plan was = planOf(before);
    Plan is = planOf(after);
    if (was != is) {
      queue(after, "plan:" + occasion(after), OwnerNotices.PLAN_CHANGED,
          Map.of("from", was.name().toLowerCase(java.util.Locale.ROOT), "to", is.name().toLowerCase(
              java.util.Locale.ROOT)));
    }
    if (phase(after) == BusinessStatus.Phase.Suspended && phase(before) != BusinessStatus.Phase.Suspended) {
      queue(after, "suspended:" + occasion(after), OwnerNotices.SUSPENDED, Map.of());
    }
  }

  /** The same for every runtime seeing this change, different for the next one. */
  private static String occasion(Business business) {
    Long generation = business.getMetadata().getGeneration();
    return generation != null ? "g" + generation : "v" + business.getMetadata().getResourceVersion();
  }

  private static Plan planOf(Business business) {
    return Objects.requireNonNullElse(business.getSpec().plan(), Plan.STARTER);
  }

  private static BusinessStatus.Phase phase(Business business) {
    return business.getStatus() == null ? null : business.getStatus().phase();
  }

  private boolean isNew(Business business) {
    String created = business.getMetadata().getCreationTimestamp();
    try {
      return created == null || Instant.parse(created).isAfter(clock.instant().minus(NEW_FOR));
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private void queue(Business business, String notice, String event, Map<String, Object> payload) {
    Tenant.of(business).ifPresent(tenant -> {
      try {
        database.inTenant(tenant.businessId(), c -> ownerMail.once(c, tenant, notice, event, tenant.businessId(),
            payload));
      } catch (RuntimeException e) {
        // Not sent and not recorded; the informer's thread must go on. Logged for the platform's operators.
        LOG.warn("The {} e-mail of Business {} could not be queued: {}", event, tenant.businessId(), e.getMessage());
      }
    });
  }
}
