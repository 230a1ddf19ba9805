package com.qastco.voice.runtime.resources;

import com.qastco.voice.api.credentials.ApiKey;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Each resource's calendar feed: a secret URL on the Business's host (only its SHA-256 kept), replaced by making a
 * new one and ended by deleting it; and the bookings it shows, from {@link #PAST} ago to {@link #AHEAD} ahead.
 */
@Singleton
public class ResourceFeeds {
  static final Duration PAST = Duration.ofDays(30);
  static final Duration AHEAD = Duration.ofDays(366);
  private static final SecureRandom RANDOM = new SecureRandom();
  private final TenantDatabase database;
  private final Clock clock;

  public ResourceFeeds(TenantDatabase database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** A new feed URL for the resource (shown once); the one before stops working. */
  public String issue(Tenant tenant, UUID resource) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM resource WHERE id = ?")) {
        exists.setObject(1, resource);
        try (ResultSet r = exists.executeQuery()) {
          if (!r.next()) {
            throw ApiException.notFound("No resource " + resource);
          }
        }
      }
      try (PreparedStatement upsert = c.prepareStatement("INSERT INTO resource_feed (business_id, resource_id,"
          + " token_hash) VALUES (?, ?, ?) ON CONFLICT (resource_id) DO UPDATE SET token_hash = excluded.token_hash,"
          + " created_at = now()")) {
        upsert.setObject(1, tenant.businessId());
        upsert.setObject(2, resource);
        upsert.setString(3, ApiKey.sha256(token));
        return upsert.executeUpdate();
      }
    });
    return tenant.url() + "/calendar/" + token + ".ics";
  }

  public boolean revoke(Tenant tenant, UUID resource) {
    return database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM resource_feed WHERE resource_id = ?")) {
        delete.setObject(1, resource);
        return delete.executeUpdate() == 1;
      }
    });
  }

  /** The feed a token opens on this Business's host, as iCalendar; empty for a token it does not know. */
  public Optional<String> calendar(Tenant tenant, String token) {
    return database.inTenant(tenant.businessId(), c -> {
      String name;
      UUID resource;
      try (PreparedStatement select = c.prepareStatement("SELECT r.id, r.name FROM resource_feed f"
          + " JOIN resource r ON r.id = f.resource_id WHERE f.token_hash = ?")) {
        select.setString(1, ApiKey.sha256(token));
        try (ResultSet r = select.executeQuery()) {
          if (!r.next()) {
            return Optional.<String>empty();
          }
          resource = r.getObject(1, UUID.class);
          name = r.getString(2);
        }
      }
      List<CalendarFeed.Booking> bookings = new ArrayList<>();
      try (PreparedStatement select = c.prepareStatement("SELECT a.id, s.name, a.starts_at, a.ends_at, cu.name,"
          + " cu.phone FROM appointment a JOIN catalog_item s ON s.id = a.service_id"
          + " LEFT JOIN customer cu ON cu.id = a.customer_id WHERE a.resource_id = ? AND a.status = 'booked'"
          + " AND a.starts_at >= ? AND a.starts_at < ? ORDER BY a.starts_at LIMIT 5000")) {
        select.setObject(1, resource);
        select.setTimestamp(2, Timestamp.from(clock.instant().minus(PAST)));
        select.setTimestamp(3, Timestamp.from(clock.instant().plus(AHEAD)));
        try (ResultSet r = select.executeQuery()) {
          while (r.next()) {
            bookings.add(new CalendarFeed.Booking(r.getObject(1, UUID.class), r.getString(2),
                r.getTimestamp(3).toInstant(), r.getTimestamp(4).toInstant(), r.getString(5), r.getString(6)));
          }
        }
      }
      String host = java.net.URI.create(tenant.url()).getHost();
      return Optional.of(CalendarFeed.of(name + " · " + tenant.displayName(), tenant.zone(), host, bookings));
    });
  }
}
