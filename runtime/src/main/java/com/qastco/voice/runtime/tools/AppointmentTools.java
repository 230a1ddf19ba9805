package com.qastco.voice.runtime.tools;

import com.qastco.voice.integrations.agent.ToolPack;
import com.qastco.voice.api.v1alpha1.Hours;
import com.qastco.voice.api.v1alpha1.OpeningHours;
import com.qastco.voice.runtime.catalog.CatalogItem;
import com.qastco.voice.runtime.catalog.CatalogKind;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.storage.DatabaseException;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The appointment pack. Times are the Business's local times; slots start every 15 minutes inside opening hours.
 * Two bookings of one slot never both succeed: the database's exclusion constraint decides, and the loser is
 * offered the nearest free times.
 */
@Singleton
public class AppointmentTools implements ToolHandlers {
  private static final Duration STEP = Duration.ofMinutes(15);
  private static final DateTimeFormatter SPOKEN = DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.ENGLISH);
  private final CatalogRepository catalog;
  private final Clock clock;

  private final ToolSupport support;

  public AppointmentTools(CatalogRepository catalog, Clock clock, ToolSupport support) {
    this.support = support;
    this.catalog = catalog;
    this.clock = clock;
  }

  @Override
  public List<ToolHandler> handlers() {
    return List.of(new ToolHandler(ToolPack.LIST_SERVICES, this::services),
        new ToolHandler(ToolPack.CHECK_AVAILABILITY, this::availability),
        new ToolHandler(ToolPack.BOOK_APPOINTMENT, "appointment.booked", this::book),
        new ToolHandler(ToolPack.CANCEL_APPOINTMENT, "appointment.cancelled", this::cancel));
  }

  private ToolAnswer services(Connection c, ToolCall call, Map<String, Object> args) throws SQLException {
    Tenant tenant = call.tenant();
    List<CatalogItem> services = catalog.available(c, CatalogKind.SERVICE);
    if (services.isEmpty()) {
      return ToolAnswer.refuse("No services can be booked right now.");
    }
    return ToolAnswer.ok("We offer: " + services.stream().map(s -> s.name() + " (" + s.durationMinutes()
            + " minutes, " + ToolSupport.money(s.price()) + " " + tenant.currency() + ")")
            .collect(Collectors.joining(", ")) + ".",
        Map.of("services", services.stream().map(s -> Map.of("name", s.name(), "durationMinutes",
            s.durationMinutes(), "price", ToolSupport.money(s.price()))).toList()));
  }

  private ToolAnswer availability(Connection c, ToolCall call, Map<String, Object> args) throws SQLException {
    Tenant tenant = call.tenant();
    Optional<CatalogItem> service = service(c, args);
    if (service.isEmpty()) {
      return unknownService(c, args);
    }
    Optional<LocalDate> date = date(args.get("date"));
    if (date.isEmpty()) {
      return ToolAnswer.refuse("I need the date as year-month-day, for example 2026-12-01.");
    }
    List<LocalTime> free = freeSlots(c, tenant, service.get(), date.get());
    String day = SPOKEN.format(date.get());
    if (free.isEmpty()) {
      return ToolAnswer.ok("There is no free time for " + service.get().name() + " on " + day + ".",
          Map.of("date", date.get().toString(), "times", List.of()));
    }
    List<String> times = free.stream().map(LocalTime::toString).toList();
    return ToolAnswer.ok("On " + day + ", " + service.get().name() + " is available at "
        + String.join(", ", times.subList(0, Math.min(8, times.size()))) + ".",
        Map.of("date", date.get().toString(), "times", times, "timeZone", tenant.zone().getId()));
  }

  private ToolAnswer book(Connection c, ToolCall call, Map<String, Object> args) throws SQLException {
    Tenant tenant = call.tenant();
    Optional<CatalogItem> service = service(c, args);
    if (service.isEmpty()) {
      return unknownService(c, args);
    }
    Optional<LocalDate> date = date(args.get("date"));
    Optional<LocalTime> time = time(args.get("time"));
    if (date.isEmpty() || time.isEmpty()) {
      return ToolAnswer.refuse("I need the date as year-month-day and the time as hours:minutes.");
    }
    if (!freeSlots(c, tenant, service.get(), date.get()).contains(time.get())) {
      return taken(c, tenant, service.get(), date.get(), "That time is not available");
    }
    ZonedDateTime start = date.get().atTime(time.get()).atZone(tenant.zone());
    ZonedDateTime end = start.plusMinutes(service.get().durationMinutes());
    UUID customer = ToolSupport.customer(c, tenant, args);
    UUID id = UUID.randomUUID();
    Savepoint beforeInsert = c.setSavepoint();
    String code = CancellationProof.newCode();
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO appointment (id, business_id, service_id,"
        + " customer_id, session_id, starts_at, ends_at, status, confirmation_code)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, 'booked', ?)")) {
      insert.setObject(1, id);
      insert.setObject(2, tenant.businessId());
      insert.setObject(3, service.get().id());
      insert.setObject(4, customer);
      insert.setObject(5, call.sessionId());
      insert.setTimestamp(6, Timestamp.from(start.toInstant()));
      insert.setTimestamp(7, Timestamp.from(end.toInstant()));
      insert.setString(8, code);
      insert.executeUpdate();
    } catch (SQLException e) {
      if (!DatabaseException.EXCLUSION_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
      c.rollback(beforeInsert); // another call booked it an instant earlier
      return taken(c, tenant, service.get(), date.get(), "That time was just taken");
    }
    Map<String, Object> booked = new java.util.LinkedHashMap<>();
    booked.put("appointmentId", id.toString());
    booked.put("service", service.get().name());
    booked.put("startsAt", start.toOffsetDateTime().toString());
    booked.put("endsAt", end.toOffsetDateTime().toString());
    booked.put("customer", ToolSupport.party(args));
    booked.put("sessionId", call.session());
    support.deliver(c, call, "appointment.booked", id, booked);
    return ToolAnswer.ok(service.get().name() + " is booked for " + SPOKEN.format(start) + " at " + time.get()
        + ". The confirmation code is " + CancellationProof.spoken(code) + "; it is needed to cancel.",
        Map.of("appointmentId", id.toString(), "service", service.get().name(),
        "start", start.toOffsetDateTime().toString(), "end", end.toOffsetDateTime().toString(),
        "confirmationCode", code));
  }

  /**
   * Cancels only what the caller proves is theirs: a booking of the number a phone call comes from (Twilio signed
   * it), or one whose confirmation code the caller gives. A phone number the caller merely says proves nothing.
   */
  private ToolAnswer cancel(Connection c, ToolCall call, Map<String, Object> args) throws SQLException {
    Tenant tenant = call.tenant();
    Optional<LocalDate> date = date(args.get("date"));
    Optional<LocalTime> time = time(args.get("time"));
    if (date.isEmpty() || time.isEmpty()) {
      return ToolAnswer.refuse("I need the date and time of the appointment to cancel it.");
    }
    CancellationProof proof = CancellationProof.of(c, call.sessionId(), (String) args.get("confirmationCode"));
    if (proof.exhausted()) {
      return ToolAnswer.refuse("I can't cancel on this call after several wrong codes; please call from the number"
          + " the appointment was booked with, or ask the staff.");
    }
    if (proof.isEmpty()) {
      return ToolAnswer.refuse("To cancel, I need the 6-digit confirmation code given when it was booked.");
    }
    Instant start = date.get().atTime(time.get()).atZone(tenant.zone()).toInstant();
    try (PreparedStatement update = c.prepareStatement("UPDATE appointment a SET status = 'cancelled'"
        + " WHERE a.starts_at = ? AND a.status = 'booked' AND (a.confirmation_code = ? OR EXISTS (SELECT 1"
        + " FROM customer cu WHERE cu.id = a.customer_id AND cu.phone = ?)) RETURNING a.id")) {
      update.setTimestamp(1, Timestamp.from(start));
      update.setString(2, proof.code());
      update.setString(3, proof.verifiedCaller());
      try (java.sql.ResultSet cancelled = update.executeQuery()) {
        if (!cancelled.next()) {
          return ToolAnswer.refuse(proof.code() == null
              ? "I can't find a booking from this phone number at that time; the confirmation code would find it."
              : "I can't find a booking with that confirmation code at that time.");
        }
        UUID id = cancelled.getObject(1, UUID.class);
        Map<String, Object> cancelledPayload = new java.util.LinkedHashMap<>();
        cancelledPayload.put("appointmentId", id.toString());
        cancelledPayload.put("startsAt", start.toString());
        cancelledPayload.put("sessionId", call.session());
        support.deliver(c, call, "appointment.cancelled", id, cancelledPayload);
      }
    }
    return ToolAnswer.ok("The appointment on " + SPOKEN.format(date.get()) + " at " + time.get()
        + " is cancelled.", Map.of("cancelled", true));
  }

  /** Start times on {@code date} when the service fits inside opening hours and overlaps no booking. */
  private List<LocalTime> freeSlots(Connection c, Tenant tenant, CatalogItem service, LocalDate date)
      throws SQLException {
    Hours hours = tenant.spec().hours();
    if (hours == null || hours.weekly() == null) {
      return List.of();
    }
    boolean closed = hours.closures() != null && hours.closures().stream()
        .anyMatch(cl -> LocalDate.parse(cl.date()).equals(date));
    if (closed) {
      return List.of();
    }
    Duration length = Duration.ofMinutes(service.durationMinutes());
    List<Instant[]> booked = booked(c, date.atStartOfDay(tenant.zone()).toInstant(),
        date.plusDays(1).atStartOfDay(tenant.zone()).toInstant());
    Instant now = clock.instant();
    List<LocalTime> free = new ArrayList<>();
    for (OpeningHours range : hours.weekly()) {
      if (!range.day().name().equals(date.getDayOfWeek().name())) {
        continue;
      }
      LocalTime open = LocalTime.parse(range.open());
      ZonedDateTime closes = range.close().equals("24:00") ? date.plusDays(1).atStartOfDay(tenant.zone())
          : date.atTime(LocalTime.parse(range.close())).atZone(tenant.zone());
      for (ZonedDateTime slot = date.atTime(open).atZone(tenant.zone());
           !slot.plus(length).isAfter(closes); slot = slot.plus(STEP)) {
        Instant from = slot.toInstant();
        Instant to = slot.plus(length).toInstant();
        boolean overlaps = booked.stream().anyMatch(b -> from.isBefore(b[1]) && to.isAfter(b[0]));
        if (!overlaps && from.isAfter(now)) {
          free.add(slot.toLocalTime());
        }
      }
    }
    free.sort(null);
    return free;
  }

  private static List<Instant[]> booked(Connection c, Instant from, Instant to) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT starts_at, ends_at FROM appointment"
        + " WHERE status = 'booked' AND starts_at < ? AND ends_at > ?")) {
      select.setTimestamp(1, Timestamp.from(to));
      select.setTimestamp(2, Timestamp.from(from));
      List<Instant[]> booked = new ArrayList<>();
      try (ResultSet r = select.executeQuery()) {
        while (r.next()) {
          booked.add(new Instant[] {r.getTimestamp(1).toInstant(), r.getTimestamp(2).toInstant()});
        }
      }
      return booked;
    }
  }

  private ToolAnswer taken(Connection c, Tenant tenant, CatalogItem service, LocalDate date, String why)
      throws SQLException {
    List<LocalTime> free = freeSlots(c, tenant, service, date);
    return ToolAnswer.refuse(why + (free.isEmpty() ? "; there is nothing else free that day."
        : "; free times that day: " + free.stream().limit(5).map(LocalTime::toString)
            .collect(Collectors.joining(", ")) + "."));
  }

  private Optional<CatalogItem> service(Connection c, Map<String, Object> args) throws SQLException {
    String name = String.valueOf(args.get("service")).trim();
    return catalog.available(c, CatalogKind.SERVICE).stream().filter(s -> s.name().equalsIgnoreCase(name))
        .findFirst();
  }

  private ToolAnswer unknownService(Connection c, Map<String, Object> args) throws SQLException {
    return ToolAnswer.refuse("We don't offer " + args.get("service") + "; we offer " + catalog
        .available(c, CatalogKind.SERVICE).stream().map(CatalogItem::name).collect(Collectors.joining(", ")) + ".");
  }

  private static Optional<LocalDate> date(Object value) {
    try {
      return Optional.of(LocalDate.parse(String.valueOf(value)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<LocalTime> time(Object value) {
    try {
      return Optional.of(LocalTime.parse(String.valueOf(value)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
