package com.qastco.voice.runtime.resources;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Days a resource is away: whole days in the Business's zone, from the first to the last, both included. */
@Singleton
public class TimeOff {
  static final int MAX_DAYS = 366;
  private final TenantDatabase database;

  public TimeOff(TenantDatabase database) {
    this.database = database;
  }

  @Serdeable
  public record Request(
      @NotNull @Pattern(regexp = "\\d{4}-\\d{2}-\\d{2}", message = "must be a date such as 2026-12-24") String from,
      @NotNull @Pattern(regexp = "\\d{4}-\\d{2}-\\d{2}", message = "must be a date such as 2026-12-26") String to,
      @Size(max = 200) String reason) {}

  @Serdeable
  public record Away(UUID id, String from, String to, String reason) {}

  public Away add(Tenant tenant, UUID resource, Request request) {
    LocalDate from = date("from", request.from());
    LocalDate to = date("to", request.to());
    if (to.isBefore(from)) {
      throw ApiException.badRequest("to (" + to + ") is before from (" + from + ")");
    }
    if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
      throw ApiException.badRequest("Time off is at most " + MAX_DAYS + " days at once; add another after it");
    }
    Instant start = from.atStartOfDay(tenant.zone()).toInstant();
    Instant end = to.plusDays(1).atStartOfDay(tenant.zone()).toInstant();
    UUID id = UUID.randomUUID();
    return database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM resource WHERE id = ?")) {
        exists.setObject(1, resource);
        try (ResultSet r = exists.executeQuery()) {
          if (!r.next()) {
            throw ApiException.notFound("No resource " + resource);
          }
        }
      }
      try (PreparedStatement booked = c.prepareStatement("SELECT count(*) FROM appointment WHERE resource_id = ?"
          + " AND status = 'booked' AND starts_at < ? AND blocked_until > ?")) {
        booked.setObject(1, resource);
        booked.setTimestamp(2, Timestamp.from(end));
        booked.setTimestamp(3, Timestamp.from(start));
        try (ResultSet r = booked.executeQuery()) {
          r.next();
          if (r.getInt(1) > 0) {
            throw ApiException.conflict(r.getInt(1) + " appointment(s) are booked with this resource between " + from
                + " and " + to + "; move or cancel them first");
          }
        }
      }
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO resource_time_off (id, business_id,"
          + " resource_id, starts_at, ends_at, reason) VALUES (?, ?, ?, ?, ?, ?)")) {
        insert.setObject(1, id);
        insert.setObject(2, tenant.businessId());
        insert.setObject(3, resource);
        insert.setTimestamp(4, Timestamp.from(start));
        insert.setTimestamp(5, Timestamp.from(end));
        insert.setString(6, request.reason());
        insert.executeUpdate();
      }
      return new Away(id, from.toString(), to.toString(), request.reason());
    });
  }

  public List<Away> list(Tenant tenant, UUID resource) {
    return database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT id, starts_at, ends_at, reason FROM"
          + " resource_time_off WHERE resource_id = ? AND ends_at > now() ORDER BY starts_at")) {
        select.setObject(1, resource);
        List<Away> all = new ArrayList<>();
        try (ResultSet r = select.executeQuery()) {
          while (r.next()) {
            all.add(new Away(r.getObject(1, UUID.class),
                r.getTimestamp(2).toInstant().atZone(tenant.zone()).toLocalDate().toString(),
                r.getTimestamp(3).toInstant().atZone(tenant.zone()).toLocalDate().minusDays(1).toString(),
                r.getString(4)));
          }
        }
        return all;
      }
    });
  }

  public boolean remove(Tenant tenant, UUID resource, UUID id) {
    return database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM resource_time_off WHERE id = ?"
          + " AND resource_id = ?")) {
        delete.setObject(1, id);
        delete.setObject(2, resource);
        return delete.executeUpdate() == 1;
      }
    });
  }

  private static LocalDate date(String field, String value) {
    try {
      return LocalDate.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      throw ApiException.badRequest(field + " must be a date such as 2026-12-24");
    }
  }
}
