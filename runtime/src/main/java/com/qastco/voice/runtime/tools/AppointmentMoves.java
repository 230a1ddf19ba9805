package com.qastco.voice.runtime.tools;

import com.qastco.voice.runtime.catalog.CatalogItem;
import com.qastco.voice.runtime.storage.DatabaseException;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Placing a booking at a time, for the agent's tools and the dashboard alike (one set of rules): the first of those
 * free then, the least busy that day first; when another call took that one an instant earlier (the exclusion
 * constraint), the next. A move is one UPDATE, so a booking is at the new time or still at the old one.
 */
@Singleton
public class AppointmentMoves {
  private final Clock clock;

  public AppointmentMoves(Clock clock) {
    this.clock = clock;
  }

  @FunctionalInterface
  interface Write {
    void to(AppointmentSlots.Bookable bookable) throws SQLException;
  }

  /** Writes the booking for the first free of {@code who} (in their order of preference); empty when none was. */
  Optional<AppointmentSlots.Bookable> place(Connection c, Tenant tenant, CatalogItem service, LocalDate date,
                                            LocalTime time, List<AppointmentSlots.Bookable> who, UUID moving,
                                            Write write) throws SQLException {
    Optional<AppointmentSlots.Slot> slot = AppointmentSlots.at(AppointmentSlots.free(c, tenant, service, date,
        who, clock.instant(), moving), time);
    if (slot.isEmpty()) {
      return Optional.empty();
    }
    Map<UUID, Integer> load = AppointmentSlots.load(c, date.atStartOfDay(tenant.zone()).toInstant(),
        date.plusDays(1).atStartOfDay(tenant.zone()).toInstant());
    List<AppointmentSlots.Bookable> candidates = slot.get().free().stream()
        .sorted(java.util.Comparator.comparing((AppointmentSlots.Bookable b) -> load.getOrDefault(b.id(), 0))
            .thenComparing(b -> b.name() == null ? "" : b.name())).toList();
    for (AppointmentSlots.Bookable b : candidates) {
      Savepoint before = c.setSavepoint();
      try {
        write.to(b);
        c.releaseSavepoint(before);
        return Optional.of(b);
      } catch (SQLException e) {
        if (!DatabaseException.EXCLUSION_VIOLATION.equals(e.getSQLState())) {
          throw e;
        }
        c.rollback(before); // another call booked this one an instant earlier: the next
      }
    }
    return Optional.empty();
  }

  /**
   * Moves a booked appointment (locked by the caller) to {@code date} at {@code time} with the first free of
   * {@code who}; empty when nobody is free then, and the booking stays as it was.
   */
  public Optional<AppointmentSlots.Bookable> move(Connection c, Tenant tenant, CatalogItem service, UUID booking,
                                                  LocalDate date, LocalTime time,
                                                  List<AppointmentSlots.Bookable> who) throws SQLException {
    ZonedDateTime start = date.atTime(time).atZone(tenant.zone());
    ZonedDateTime end = start.plusMinutes(service.durationMinutes());
    return place(c, tenant, service, date, time, who, booking, b -> {
      try (PreparedStatement update = c.prepareStatement("UPDATE appointment SET starts_at = ?, ends_at = ?,"
          + " blocked_until = ?, resource_id = ? WHERE id = ? AND status = 'booked'")) {
        update.setTimestamp(1, Timestamp.from(start.toInstant()));
        update.setTimestamp(2, Timestamp.from(end.toInstant()));
        update.setTimestamp(3, Timestamp.from(end.plus(b.buffer()).toInstant()));
        update.setObject(4, b.id());
        update.setObject(5, booking);
        update.executeUpdate();
      }
    });
  }

  /** The event a move makes, for the webhook, ERPNext, the staff's e-mail, the caller's text and calendars. */
  public static Map<String, Object> moved(UUID booking, CatalogItem service, AppointmentSlots.Bookable to,
                                          UUID fromResource, java.time.Instant fromStart, ZonedDateTime start,
                                          String session) {
    Map<String, Object> payload = new java.util.LinkedHashMap<>();
    payload.put("appointmentId", booking.toString());
    payload.put("service", service.name());
    payload.put("staff", to.name());
    payload.put("resourceId", to.id() == null ? null : to.id().toString());
    payload.put("previousResourceId", fromResource == null ? null : fromResource.toString());
    payload.put("previousStartsAt", fromStart.toString());
    payload.put("startsAt", start.toOffsetDateTime().toString());
    payload.put("endsAt", start.plusMinutes(service.durationMinutes()).toOffsetDateTime().toString());
    payload.put("sessionId", session);
    return payload;
  }
}
