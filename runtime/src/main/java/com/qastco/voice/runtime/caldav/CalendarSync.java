package com.qastco.voice.runtime.caldav;

import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads each connected calendar's busy times into {@code resource_busy} every {@code voice.calendars.sync-interval},
 * whichever runtime claims it first: the whole range ahead each time, so events changed or deleted in the calendar
 * are picked up with the others. A calendar that cannot be read keeps its last busy times (the platform's own
 * bookings never depended on it) and says why in its status until a sync succeeds.
 */
@Singleton
public class CalendarSync {
  private static final Logger LOG = LoggerFactory.getLogger(CalendarSync.class);
  private final TenantDirectory directory;
  private final TenantDatabase database;
  private final CalDavClient client;
  private final CalendarPasswords passwords;
  private final CalendarsConfig config;
  private final MeterRegistry meters;
  private final Clock clock;

  public CalendarSync(TenantDirectory directory, TenantDatabase database, CalDavClient client,
                      CalendarPasswords passwords, CalendarsConfig config, MeterRegistry meters, Clock clock) {
    this.directory = directory;
    this.database = database;
    this.client = client;
    this.passwords = passwords;
    this.config = config;
    this.meters = meters;
    this.clock = clock;
  }

  /** A calendar as it is kept: where, as whom, and how its last syncs went. */
  record Linked(UUID resource, URI url, String username) {}

  @Scheduled(fixedDelay = "15s", initialDelay = "30s")
  void onSchedule() {
    syncDue();
  }

  /** Syncs every calendar due now; how many were read. */
  public int syncDue() {
    Instant now = clock.instant();
    List<UUID> businesses = database.withoutTenant(c -> {
      List<UUID> ids = new ArrayList<>();
      try (PreparedStatement due = c.prepareStatement("SELECT calendars_due(?)")) {
        due.setTimestamp(1, Timestamp.from(now));
        try (ResultSet r = due.executeQuery()) {
          while (r.next()) {
            ids.add(r.getObject(1, UUID.class));
          }
        }
      }
      return ids;
    });
    int read = 0;
    for (UUID id : businesses) {
      Optional<Tenant> tenant = directory.byId(id);
      if (tenant.isEmpty()) {
        continue; // a Business being deleted; its rows go with it
      }
      for (Linked calendar : claim(tenant.get(), now)) {
        if (sync(tenant.get(), calendar)) {
          read++;
        }
      }
    }
    return read;
  }

  /** Syncs one resource's calendar now, whenever it was last read; false when it could not be. */
  public boolean syncNow(Tenant tenant, UUID resource) {
    Optional<Linked> calendar = database.inTenant(tenant.businessId(), c -> linked(c, resource));
    return calendar.isPresent() && sync(tenant, calendar.get());
  }

  /** The calendars due at {@code now}, each moved to its next turn in the same statement: one runtime reads it. */
  private List<Linked> claim(Tenant tenant, Instant now) {
    return database.inTenant(tenant.businessId(), c -> {
      List<Linked> due = new ArrayList<>();
      try (PreparedStatement claim = c.prepareStatement("UPDATE resource_calendar SET next_sync_at = ?"
          + " WHERE next_sync_at <= ? RETURNING resource_id, url, username")) {
        claim.setTimestamp(1, Timestamp.from(now.plus(config.getSyncInterval())));
        claim.setTimestamp(2, Timestamp.from(now));
        try (ResultSet r = claim.executeQuery()) {
          while (r.next()) {
            due.add(new Linked(r.getObject(1, UUID.class), URI.create(r.getString(2)), r.getString(3)));
          }
        }
      }
      return due;
    });
  }

  static Optional<Linked> linked(java.sql.Connection c, UUID resource) throws java.sql.SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT url, username FROM resource_calendar"
        + " WHERE resource_id = ?")) {
      select.setObject(1, resource);
      try (ResultSet r = select.executeQuery()) {
        return r.next() ? Optional.of(new Linked(resource, URI.create(r.getString(1)), r.getString(2)))
            : Optional.empty();
      }
    }
  }

  private boolean sync(Tenant tenant, Linked calendar) {
    Instant from = clock.instant();
    Instant to = from.plus(config.getAhead());
    try {
      CalDavClient.Connection connection = connection(tenant, calendar);
      List<BusyTimes.Busy> busy = BusyTimes.of(client.events(connection, from, to), tenant.zone(), from, to,
          "@" + URI.create(tenant.url()).getHost());
      database.inTenant(tenant.businessId(), c -> {
        try (PreparedStatement clear = c.prepareStatement("DELETE FROM resource_busy WHERE resource_id = ?")) {
          clear.setObject(1, calendar.resource());
          clear.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO resource_busy (business_id, resource_id,"
            + " starts_at, ends_at) VALUES (?, ?, ?, ?)")) {
          for (BusyTimes.Busy b : busy) {
            insert.setObject(1, tenant.businessId());
            insert.setObject(2, calendar.resource());
            insert.setTimestamp(3, Timestamp.from(b.start()));
            insert.setTimestamp(4, Timestamp.from(b.end()));
            insert.addBatch();
          }
          insert.executeBatch();
        }
        try (PreparedStatement done = c.prepareStatement("UPDATE resource_calendar SET synced_at = ?, error = NULL,"
            + " failing_since = NULL WHERE resource_id = ?")) {
          done.setTimestamp(1, Timestamp.from(from));
          done.setObject(2, calendar.resource());
          return done.executeUpdate();
        }
      });
      meters.counter("voice.calendars.syncs", "result", "read").increment();
      return true;
    } catch (ExternalSystemException e) {
      meters.counter("voice.calendars.syncs", "result", "failed").increment();
      LOG.warn("The calendar of resource {} of Business {} could not be read: {}", calendar.resource(),
          tenant.businessId(), e.getMessage());
      database.inTenant(tenant.businessId(), c -> {
        try (PreparedStatement failed = c.prepareStatement("UPDATE resource_calendar SET error = ?,"
            + " failing_since = coalesce(failing_since, ?) WHERE resource_id = ?")) {
          failed.setString(1, e.getMessage().length() > 500 ? e.getMessage().substring(0, 500) : e.getMessage());
          failed.setTimestamp(2, Timestamp.from(from));
          failed.setObject(3, calendar.resource());
          return failed.executeUpdate();
        }
      });
      return false;
    }
  }

  /** The connection to a kept calendar, its password from the Secret. */
  CalDavClient.Connection connection(Tenant tenant, Linked calendar) {
    String password = passwords.password(tenant, calendar.resource()).orElseThrow(() -> new ExternalSystemException(
        CalDavClient.SYSTEM, ExternalSystemException.Kind.REJECTED, "The calendar's password is missing; connect"
        + " the calendar again", null, null));
    return new CalDavClient.Connection(calendar.url(), calendar.username(), password);
  }

  static ApiException notConnected(UUID resource) {
    return ApiException.notFound("Resource " + resource + " has no calendar connected");
  }
}
