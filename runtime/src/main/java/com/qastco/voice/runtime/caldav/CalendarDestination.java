package com.qastco.voice.runtime.caldav;

import com.qastco.voice.runtime.outbox.AddressedDestination;
import com.qastco.voice.runtime.outbox.OutboxRepository;
import com.qastco.voice.runtime.resources.CalendarFeed;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Writes bookings into the calendars of the resources they are with: one outbox entry per connected calendar an
 * appointment event touches (a move to another member of staff touches both). What is written is the appointment as
 * it is when the entry is delivered, not as the event said: booked with this resource, the event is PUT (the same
 * name each time, so a retry or a second move replaces it); otherwise it is deleted. Entries delivered late or out of
 * order therefore leave the calendar right.
 */
@Singleton
public class CalendarDestination implements AddressedDestination {
  public static final String NAME = "calendar";
  private static final Set<String> EVENTS = Set.of("appointment.booked", "appointment.rescheduled",
      "appointment.cancelled");
  private final TenantDatabase database;
  private final CalDavClient client;
  private final CalendarSync sync;

  public CalendarDestination(TenantDatabase database, CalDavClient client, CalendarSync sync) {
    this.database = database;
    this.client = client;
    this.sync = sync;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> recipients(Connection c, Tenant tenant, String event, Map<String, Object> payload)
      throws SQLException {
    if (!EVENTS.contains(event)) {
      return List.of();
    }
    List<String> calendars = new ArrayList<>();
    for (Object resource : new java.util.LinkedHashSet<>(java.util.Arrays.asList(payload.get("resourceId"),
        payload.get("previousResourceId")))) {
      if (resource != null && CalendarSync.linked(c, UUID.fromString(resource.toString())).isPresent()) {
        calendars.add(resource.toString());
      }
    }
    return calendars;
  }

  @Override
  public void deliver(Tenant tenant, OutboxRepository.Entry entry) throws Exception {
    UUID resource = UUID.fromString(entry.recipient());
    UUID appointment = entry.subjectId();
    record Now(Optional<CalendarSync.Linked> calendar, Optional<CalendarFeed.Booking> booking, String name) {}
    Now now = database.inTenant(tenant.businessId(), c -> new Now(CalendarSync.linked(c, resource),
        booked(c, appointment, resource), resourceName(c, resource)));
    if (now.calendar().isEmpty()) {
      return; // disconnected since: nothing of ours to write there
    }
    CalDavClient.Connection connection = sync.connection(tenant, now.calendar().get());
    if (now.booking().isPresent()) {
      client.put(connection, appointment.toString(), CalendarFeed.of(now.name() + " · " + tenant.displayName(),
          tenant.zone(), URI.create(tenant.url()).getHost(), List.of(now.booking().get())));
    } else {
      client.delete(connection, appointment.toString());
    }
  }

  /** The appointment if it is booked with this resource now. */
  private static Optional<CalendarFeed.Booking> booked(Connection c, UUID appointment, UUID resource)
      throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT a.id, s.name, a.starts_at, a.ends_at, cu.name,"
        + " cu.phone FROM appointment a JOIN catalog_item s ON s.id = a.service_id"
        + " LEFT JOIN customer cu ON cu.id = a.customer_id WHERE a.id = ? AND a.resource_id = ?"
        + " AND a.status = 'booked'")) {
      select.setObject(1, appointment);
      select.setObject(2, resource);
      try (ResultSet r = select.executeQuery()) {
        return r.next() ? Optional.of(new CalendarFeed.Booking(r.getObject(1, UUID.class), r.getString(2),
            r.getTimestamp(3).toInstant(), r.getTimestamp(4).toInstant(), r.getString(5), r.getString(6)))
            : Optional.empty();
      }
    }
  }

  private static String resourceName(Connection c, UUID resource) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT name FROM resource WHERE id = ?")) {
      select.setObject(1, resource);
      try (ResultSet r = select.executeQuery()) {
        return r.next() ? r.getString(1) : "";
      }
    }
  }
}
