package com.qastco.voice.runtime.notifications;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.runtime.outbox.Outbox;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PostConstruct;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Invites the staff addresses of each Ready Business, and those added later (dashboard or kubectl). */
@Context
@Requires(beans = MailDestination.class)
public class StaffInvitations {
  private static final Logger LOG = LoggerFactory.getLogger(StaffInvitations.class);
  private final TenantDirectory directory;
  private final TenantDatabase database;
  private final Outbox outbox;

  public StaffInvitations(TenantDirectory directory, TenantDatabase database, Outbox outbox) {
    this.directory = directory;
    this.database = database;
    this.outbox = outbox;
  }

  @PostConstruct
  void listen() {
    directory.onReady(this::invite);
    directory.onChange((before, after) -> {
      if (before.getSpec() != null && after.getSpec() != null
          && !Objects.equals(before.getSpec().notifications(), after.getSpec().notifications())) {
        invite(after);
      }
    });
  }

  /** Invites each listed address not invited before (once each, whichever runtime sees the list first). */
  private void inviteNew(Tenant tenant) {
    List<String> listed = tenant.spec().notifications() == null ? List.of()
        : tenant.spec().notifications().staffEmailsOrEmpty().stream().map(MailSuppressions::normal).distinct()
        .toList();
    if (listed.isEmpty()) {
      return;
    }
    database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO staff_address (business_id, address)"
          + " VALUES (?, ?) ON CONFLICT DO NOTHING")) {
        for (String address : listed) {
          insert.setObject(1, tenant.businessId());
          insert.setString(2, address);
          if (insert.executeUpdate() == 1) {
            outbox.enqueueTo(c, tenant, MailDestination.NAME, address, StaffAddresses.INVITE, tenant.businessId(), Map.of());
          }
        }
      }
      return null;
    });
  }

  private void invite(Business business) {
    Tenant.of(business).ifPresent(tenant -> {
      try {
        inviteNew(tenant);
      } catch (RuntimeException e) {
        // The informer's thread must go on; the next change of the list, or a restart, invites again.
        LOG.warn("Staff invitations of Business {} not queued: {}", tenant.businessId(), e.getMessage());
      }
    });
  }
}
