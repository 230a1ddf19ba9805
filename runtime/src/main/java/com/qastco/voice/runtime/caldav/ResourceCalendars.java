package com.qastco.voice.runtime.caldav;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.resources.ResourceRemoved;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Connecting a resource to its CalDAV calendar: the URL proven to be a calendar the credentials open before
 * anything is kept, the password put in its Secret, the calendar read at once; and its state for the owner.
 */
@Singleton
public class ResourceCalendars {
  private final TenantDatabase database;
  private final CalDavClient client;
  private final CalendarPasswords passwords;
  private final CalendarSync sync;
  private final Clock clock;

  public ResourceCalendars(TenantDatabase database, CalDavClient client, CalendarPasswords passwords,
                           CalendarSync sync, Clock clock) {
    this.database = database;
    this.client = client;
    this.passwords = passwords;
    this.sync = sync;
    this.clock = clock;
  }

  /** What the owner gives: the calendar's own URL (a collection of events) and an app password for it. */
  @Serdeable
  public record Request(@NotBlank @Size(max = 2000) String url, @NotBlank @Size(max = 200) String username,
                        @NotBlank @Size(max = 500) String password) {
    @Override
    public String toString() {
      return "Request[" + url + ", " + username + "]";
    }
  }

  /**
   * A connected calendar: never its password.
   *
   * @param error why the last sync failed (null when it worked), and {@code failingSince} since when
   * @param busyTimes how many busy stretches of the calendar block slots now
   */
  @Serdeable
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
  public record Status(String url, String username, Instant syncedAt, String error, Instant failingSince,
                       int busyTimes) {}

  public Status connect(Tenant tenant, UUID resource, Request request) {
    URI url;
    try {
      url = URI.create(request.url().strip());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("The calendar URL is not a URL");
    }
    if (url.getUserInfo() != null || url.getQuery() != null || url.getFragment() != null) {
      throw ApiException.badRequest("The calendar URL must not carry a user, query or fragment; give the username"
          + " and password in their own fields");
    }
    boolean exists = database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM resource WHERE id = ?")) {
        select.setObject(1, resource);
        try (ResultSet r = select.executeQuery()) {
          return r.next();
        }
      }
    });
    if (!exists) {
      throw ApiException.notFound("No resource " + resource);
    }
    CalDavClient.Connection connection = new CalDavClient.Connection(url, request.username().strip(),
        request.password());
    client.problem(connection).ifPresent(problem -> {
      throw ApiException.badRequest(problem);
    });
    passwords.store(tenant, resource, request.password());
    database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement upsert = c.prepareStatement("INSERT INTO resource_calendar (business_id, resource_id,"
          + " url, username, next_sync_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (resource_id) DO UPDATE SET"
          + " url = excluded.url, username = excluded.username, next_sync_at = excluded.next_sync_at,"
          + " error = NULL, failing_since = NULL")) {
        upsert.setObject(1, tenant.businessId());
        upsert.setObject(2, resource);
        upsert.setString(3, url.toString());
        upsert.setString(4, connection.username());
        upsert.setTimestamp(5, Timestamp.from(clock.instant()));
        return upsert.executeUpdate();
      }
    });
    sync.syncNow(tenant, resource);
    return status(tenant, resource).orElseThrow();
  }

  public Optional<Status> status(Tenant tenant, UUID resource) {
    return database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT url, username, synced_at, error, failing_since,"
          + " (SELECT count(*) FROM resource_busy b WHERE b.resource_id = k.resource_id AND b.ends_at > ?)"
          + " FROM resource_calendar k WHERE resource_id = ?")) {
        select.setTimestamp(1, Timestamp.from(clock.instant()));
        select.setObject(2, resource);
        try (ResultSet r = select.executeQuery()) {
          if (!r.next()) {
            return Optional.<Status>empty();
          }
          return Optional.of(new Status(r.getString(1), r.getString(2), instant(r.getTimestamp(3)), r.getString(4),
              instant(r.getTimestamp(5)), r.getInt(6)));
        }
      }
    });
  }

  /** Forgets the calendar, its busy times and its password; the bookings written there stay. */
  public boolean disconnect(Tenant tenant, UUID resource) {
    boolean removed = database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM resource_calendar WHERE resource_id = ?")) {
        delete.setObject(1, resource);
        return delete.executeUpdate() == 1;
      }
    });
    if (removed) {
      passwords.remove(resource);
    }
    return removed;
  }

  /** A resource deleted takes its calendar's password with it (its rows went by cascade). */
  @EventListener
  void onRemoved(ResourceRemoved removed) {
    passwords.remove(removed.resource());
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
