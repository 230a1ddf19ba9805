package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.catalog.CatalogItem;
import com.qastco.voice.runtime.catalog.CatalogKind;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.outbox.Outbox;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tools.AppointmentMoves;
import com.qastco.voice.runtime.tools.AppointmentSlots;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A booking moved by the staff from the schedule: the same rules as the caller's reschedule_appointment (free in the
 * resource's hours, time off and calendar, one UPDATE, the exclusion constraint deciding a race), the same person
 * kept unless another is chosen, and the same event sent.
 */
@Singleton
public class Rescheduling {
  private final TenantDatabase database;
  private final CatalogRepository catalog;
  private final AppointmentMoves moves;
  private final Outbox outbox;

  public Rescheduling(TenantDatabase database, CatalogRepository catalog, AppointmentMoves moves, Outbox outbox) {
    this.database = database;
    this.catalog = catalog;
    this.moves = moves;
    this.outbox = outbox;
  }

  /** Where it went: the day, and who it is with now (null for a Business without resources). */
  public record Moved(LocalDate date, String staff) {}

  /** @param resource the member of staff or room to move it to; null or blank for the same one, or anyone free */
  public Moved move(Tenant tenant, UUID appointment, String date, String time, String resource) {
    LocalDate day;
    LocalTime at;
    try {
      day = LocalDate.parse(date == null ? "" : date.strip());
      at = LocalTime.parse(time == null ? "" : time.strip());
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("Give the new date as YYYY-MM-DD and the time as HH:MM");
    }
    UUID chosen;
    try {
      chosen = resource == null || resource.isBlank() ? null : UUID.fromString(resource.strip());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("No such member of staff or room");
    }
    return database.inTenant(tenant.businessId(), c -> {
      UUID service;
      UUID current;
      Instant start;
      try (PreparedStatement lock = c.prepareStatement("SELECT service_id, resource_id, starts_at FROM appointment"
          + " WHERE id = ? AND status = 'booked' FOR UPDATE")) {
        lock.setObject(1, appointment);
        try (ResultSet r = lock.executeQuery()) {
          if (!r.next()) {
            throw ApiException.notFound("No booked appointment " + appointment);
          }
          service = r.getObject(1, UUID.class);
          current = r.getObject(2, UUID.class);
          start = r.getTimestamp(3).toInstant();
        }
      }
      Optional<CatalogItem> item = catalog.available(c, CatalogKind.SERVICE).stream()
          .filter(s -> s.id().equals(service)).findFirst();
      if (item.isEmpty()) {
        throw ApiException.conflict("Its service is no longer offered, so it cannot be moved");
      }
      List<AppointmentSlots.Bookable> offering = AppointmentSlots.offering(c, item.get());
      List<AppointmentSlots.Bookable> who = chosen != null
          ? offering.stream().filter(b -> chosen.equals(b.id())).toList()
          : java.util.stream.Stream.concat(offering.stream().filter(b -> Objects.equals(b.id(), current)),
              offering.stream().filter(b -> !Objects.equals(b.id(), current))).toList();
      if (who.isEmpty()) {
        throw ApiException.badRequest("That member of staff or room does not offer " + item.get().name());
      }
      Optional<AppointmentSlots.Bookable> to = moves.move(c, tenant, item.get(), appointment, day, at, who);
      if (to.isEmpty()) {
        throw ApiException.conflict("Nobody who offers " + item.get().name() + " is free at " + at + " on " + day
            + "; the appointment stays as it was");
      }
      Map<String, Object> payload = AppointmentMoves.moved(appointment, item.get(), to.get(), current, start,
          day.atTime(at).atZone(tenant.zone()), null);
      payload.put("by", "staff");
      outbox.enqueue(c, tenant, "appointment.rescheduled", appointment, payload);
      return new Moved(day, to.get().name());
    });
  }
}
