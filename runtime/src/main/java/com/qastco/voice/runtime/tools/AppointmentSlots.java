package com.qastco.voice.runtime.tools;

import com.qastco.voice.api.v1alpha1.Hours;
import com.qastco.voice.runtime.catalog.CatalogItem;
import com.qastco.voice.runtime.resources.Resource;
import com.qastco.voice.runtime.resources.ResourceRepository;
import com.qastco.voice.runtime.tenants.Tenant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * When a service can be booked, and with whom: each member of staff or room offering it is free when the service
 * and the resource's buffer fit inside its hours (its own week, or the Business's opening hours) and overlap none
 * of its bookings, its time off, or the busy times its own calendar showed at the last sync. A Business without
 * resources books as one: its opening hours, one appointment at a time. Slots
 * start every 15 minutes; the database's exclusion constraint is what finally decides. Public for the benchmark of
 * check_availability, which runs exactly this.
 */
public final class AppointmentSlots {
  static final Duration STEP = Duration.ofMinutes(15);
  private static final UUID WHOLE_BUSINESS = new UUID(0, 0);

  private AppointmentSlots() {}

  /** Who can be booked; a null id is the Business as a whole. */
  public record Bookable(UUID id, String name, List<Resource.Opening> ownHours, Duration buffer) {}

  /** A start time and who is free for the whole service then. */
  public record Slot(LocalTime time, List<Bookable> free) {}

  /** Who offers the service: its resources, or the Business itself when it has none. */
  public static List<Bookable> offering(Connection c, CatalogItem service) throws SQLException {
    List<Resource> resources = ResourceRepository.offering(c, service.id());
    if (resources.isEmpty()) {
      return ResourceRepository.any(c) ? List.of() : List.of(new Bookable(null, null, null, Duration.ZERO));
    }
    return resources.stream().map(r -> new Bookable(r.id(), r.name(), r.weeklyHours(),
        Duration.ofMinutes(r.bufferMinutes()))).toList();
  }

  /**
   * The free start times of {@code date}, earliest first, each with who is free then.
   *
   * @param moving a booking being moved: its own time blocks nothing
   */
  public static List<Slot> free(Connection c, Tenant tenant, CatalogItem service, LocalDate date, List<Bookable> who,
                         Instant now, UUID moving) throws SQLException {
    Hours hours = tenant.spec().hours();
    if (who.isEmpty() || hours != null && hours.closures() != null
        && hours.closures().stream().anyMatch(cl -> LocalDate.parse(cl.date()).equals(date))) {
      return List.of();
    }
    Duration length = Duration.ofMinutes(service.durationMinutes());
    ZonedDateTime dayStart = date.atStartOfDay(tenant.zone());
    Map<UUID, List<Instant[]>> booked = booked(c, dayStart.toInstant(), date.plusDays(1)
        .atStartOfDay(tenant.zone()).toInstant().plus(Duration.ofHours(8)), moving, true);
    TreeMap<LocalTime, List<Bookable>> free = new TreeMap<>();
    for (Bookable b : who) {
      List<Instant[]> taken = booked.getOrDefault(b.id() == null ? WHOLE_BUSINESS : b.id(), List.of());
      for (Resource.Opening opening : openings(tenant, b, date)) {
        ZonedDateTime closes = opening.closes() == null ? date.plusDays(1).atStartOfDay(tenant.zone())
            : date.atTime(opening.closes()).atZone(tenant.zone());
        for (ZonedDateTime slot = date.atTime(opening.opens()).atZone(tenant.zone());
             !slot.plus(length).isAfter(closes); slot = slot.plus(STEP)) {
          Instant from = slot.toInstant();
          Instant to = slot.plus(length).plus(b.buffer()).toInstant();
          if (from.isAfter(now) && taken.stream().noneMatch(t -> from.isBefore(t[1]) && to.isAfter(t[0]))) {
            free.computeIfAbsent(slot.toLocalTime(), k -> new ArrayList<>()).add(b);
          }
        }
      }
    }
    return free.entrySet().stream().map(e -> new Slot(e.getKey(), List.copyOf(e.getValue()))).toList();
  }

  static Optional<Slot> at(List<Slot> slots, LocalTime time) {
    return slots.stream().filter(s -> s.time().equals(time)).findFirst();
  }

  /** How many bookings each resource has that day, so a booking goes to the least busy of those free. */
  static Map<UUID, Integer> load(Connection c, Instant from, Instant to) throws SQLException {
    Map<UUID, Integer> load = new HashMap<>();
    booked(c, from, to, null, false).forEach((id, list) -> load.put(id, list.size()));
    return load;
  }

  private static List<Resource.Opening> openings(Tenant tenant, Bookable b, LocalDate date) {
    String day = date.getDayOfWeek().name().toLowerCase(java.util.Locale.ROOT);
    if (b.ownHours() != null) {
      return b.ownHours().stream().filter(o -> o.day().equals(day)).toList();
    }
    Hours hours = tenant.spec().hours();
    if (hours == null || hours.weekly() == null) {
      return List.of();
    }
    return hours.weekly().stream().filter(h -> h.day().name().equals(date.getDayOfWeek().name()))
        .map(h -> new Resource.Opening(day, h.open(), h.close())).toList();
  }

  /**
   * Bookings by resource (null: the Business as a whole), and with {@code blocks} its time off and the busy times of
   * its own calendar too.
   */
  private static Map<UUID, List<Instant[]>> booked(Connection c, Instant from, Instant to, UUID moving,
                                                   boolean blocks) throws SQLException {
    Map<UUID, List<Instant[]>> booked = new HashMap<>();
    try (PreparedStatement select = c.prepareStatement("SELECT resource_id, starts_at, blocked_until FROM appointment"
        + " WHERE status = 'booked' AND starts_at < ? AND blocked_until > ? AND id IS DISTINCT FROM ?::uuid")) {
      select.setTimestamp(1, Timestamp.from(to));
      select.setTimestamp(2, Timestamp.from(from.minus(Duration.ofHours(8))));
      if (moving == null) {
        select.setNull(3, java.sql.Types.OTHER);
      } else {
        select.setObject(3, moving);
      }
      try (ResultSet r = select.executeQuery()) {
        while (r.next()) {
          UUID id = r.getObject(1, UUID.class);
          booked.computeIfAbsent(id == null ? WHOLE_BUSINESS : id, k -> new ArrayList<>())
              .add(new Instant[] {r.getTimestamp(2).toInstant(), r.getTimestamp(3).toInstant()});
        }
      }
    }
    if (!blocks) {
      return booked;
    }
    try (PreparedStatement away = c.prepareStatement("SELECT resource_id, starts_at, ends_at FROM resource_time_off"
        + " WHERE starts_at < ? AND ends_at > ? UNION ALL SELECT resource_id, starts_at, ends_at FROM resource_busy"
        + " WHERE starts_at < ? AND ends_at > ?")) {
      for (int i = 0; i < 2; i++) {
        away.setTimestamp(1 + 2 * i, Timestamp.from(to));
        away.setTimestamp(2 + 2 * i, Timestamp.from(from.minus(Duration.ofHours(8))));
      }
      try (ResultSet r = away.executeQuery()) {
        while (r.next()) { // time off and the calendar's busy times block like a booking
          booked.computeIfAbsent(r.getObject(1, UUID.class), k -> new ArrayList<>())
              .add(new Instant[] {r.getTimestamp(2).toInstant(), r.getTimestamp(3).toInstant()});
        }
      }
    }
    return booked;
  }
}
