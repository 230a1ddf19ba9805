package com.qastco.voice.runtime.activity;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.api.Page;
import com.qastco.voice.runtime.outbox.Outbox;
import com.qastco.voice.runtime.storage.Listing;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A Business's appointments as its owner and its API see them; a booked one can be cancelled or completed. */
@Singleton
public class AppointmentRepository {
  private static final Listing LISTING = new Listing("appointment a", "a.starts_at",
      Set.of("booked", "cancelled", "completed"));
  private static final Set<String> ENDS = Set.of("cancelled", "completed");
  private static final String COLUMNS = "a.id, a.status, a.starts_at, a.ends_at, a.session_id, a.resource_id,"
      + " (SELECT name FROM resource r WHERE r.id = a.resource_id) AS staff,"
      + " (SELECT name FROM catalog_item s WHERE s.id = a.service_id) AS service,"
      + " (SELECT name FROM customer cu WHERE cu.id = a.customer_id) AS customer_name,"
      + " (SELECT phone FROM customer cu WHERE cu.id = a.customer_id) AS customer_phone";
  private final TenantDatabase database;
  private final Outbox outbox;

  public AppointmentRepository(TenantDatabase database, Outbox outbox) {
    this.database = database;
    this.outbox = outbox;
  }

  /** @param staff the name of the member of staff or room it is with; null for a Business without resources */
  @Serdeable
  public record Appointment(UUID id, String service, String status, Instant startsAt, Instant endsAt,
                            String customerName, String customerPhone, UUID sessionId, UUID resourceId,
                            String staff) {}

  public Page<Appointment> list(Tenant tenant, Listing.Filter filter) {
    return database.inTenant(tenant.businessId(), c -> LISTING.page(c, COLUMNS, filter,
        AppointmentRepository::read));
  }

  /** The booked appointments starting in [from, to), earliest first, for the dashboard's schedule (a week at most). */
  public List<Appointment> booked(Tenant tenant, Instant from, Instant to) {
    return database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM appointment a"
          + " WHERE a.status = 'booked' AND a.starts_at >= ? AND a.starts_at < ? ORDER BY a.starts_at LIMIT 5000")) {
        select.setTimestamp(1, java.sql.Timestamp.from(from));
        select.setTimestamp(2, java.sql.Timestamp.from(to));
        List<Appointment> all = new java.util.ArrayList<>();
        try (ResultSet r = select.executeQuery()) {
          while (r.next()) {
            all.add(read(r));
          }
        }
        return all;
      }
    });
  }

  public Appointment get(Tenant tenant, UUID id) {
    return database.inTenant(tenant.businessId(), c -> find(c, id)).orElseThrow(() -> notFound(id));
  }

  public Appointment changeStatus(Tenant tenant, UUID id, String status) {
    if (!ENDS.contains(status)) {
      throw ApiException.badRequest("status must be one of cancelled, completed");
    }
    return database.inTenant(tenant.businessId(), c -> {
      Appointment appointment = find(c, id).orElseThrow(() -> notFound(id));
      if (!appointment.status().equals("booked")) {
        throw ApiException.conflict("The appointment is " + appointment.status() + " already");
      }
      try (PreparedStatement update = c.prepareStatement("UPDATE appointment SET status = ? WHERE id = ?")) {
        update.setString(1, status);
        update.setObject(2, id);
        update.executeUpdate();
      }
      if (status.equals("cancelled")) { // the Business's systems and the resource's calendar hear of it as of a caller's
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("appointmentId", id.toString());
        payload.put("startsAt", appointment.startsAt().toString());
        payload.put("resourceId", appointment.resourceId() == null ? null : appointment.resourceId().toString());
        payload.put("by", "staff");
        outbox.enqueue(c, tenant, "appointment.cancelled", id, payload);
      }
      return find(c, id).orElseThrow();
    });
  }

  private static Optional<Appointment> find(Connection c, UUID id) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM appointment a WHERE a.id = ?")) {
      select.setObject(1, id);
      return Listing.first(select, AppointmentRepository::read);
    }
  }

  private static Appointment read(ResultSet r) throws SQLException {
    return new Appointment(r.getObject("id", UUID.class), r.getString("service"), r.getString("status"),
        r.getTimestamp("starts_at").toInstant(), r.getTimestamp("ends_at").toInstant(),
        r.getString("customer_name"), r.getString("customer_phone"), r.getObject("session_id", UUID.class),
        r.getObject("resource_id", UUID.class), r.getString("staff"));
  }

  private static ApiException notFound(UUID id) {
    return ApiException.notFound("No appointment " + id);
  }
}
