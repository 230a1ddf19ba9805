package com.qastco.voice.runtime.notifications;

import com.qastco.voice.api.v1alpha1.Business;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The welcome e-mail to a Business's contact address when it is first Ready, once whichever runtime sees it first
 * (the {@code sent_notice} row and the outbox entry commit together). A Business made more than a day before it
 * became Ready here (one that was Ready before this platform sent welcomes) is not welcomed.
 */
@Context
@Requires(beans = MailDestination.class)
public class WelcomeMail {
  private static final Logger LOG = LoggerFactory.getLogger(WelcomeMail.class);
  static final Duration NEW_FOR = Duration.ofDays(1);
  private final TenantDirectory directory;
  private final TenantDatabase database;
  private final OwnerMail ownerMail;
  private final Clock clock;

  public WelcomeMail(TenantDirectory directory, TenantDatabase database, OwnerMail ownerMail, Clock clock) {
    this.directory = directory;
    this.database = database;
    this.ownerMail = ownerMail;
    this.clock = clock;
  }

  @PostConstruct
  void listen() {
    directory.onReady(business -> Tenant.of(business).filter(t -> isNew(business)).ifPresent(this::welcome));
  }

  private boolean isNew(Business business) {
    String created = business.getMetadata().getCreationTimestamp();
    try {
      return created == null || Instant.parse(created).isAfter(clock.instant().minus(NEW_FOR));
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  void welcome(Tenant tenant) {
    try {
      database.inTenant(tenant.businessId(), c -> ownerMail.once(c, tenant, "welcome", OwnerNotices.WELCOME,
          tenant.businessId(), Map.of()));
    } catch (RuntimeException e) {
      // Not sent and not recorded: the Business's next change to Ready (or this runtime's restart) tries again.
      LOG.warn("The welcome e-mail of Business {} could not be queued: {}", tenant.businessId(), e.getMessage());
    }
  }
}
