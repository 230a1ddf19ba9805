package com.qastco.voice.runtime.tools;

import com.qastco.voice.integrations.agent.ToolPack;
import com.qastco.voice.runtime.catalog.CatalogItem;
import com.qastco.voice.runtime.catalog.CatalogKind;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
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
 * The appointment pack. Times are the Business's local times; who is free when is {@link AppointmentSlots}.
 * Two bookings of one slot never both succeed: the database's exclusion constraint decides, and the loser is
 * offered the nearest free times.
 */
@Singleton
public class AppointmentTools implements ToolHandlers {
  private static final DateTimeFormatter SPOKEN = DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.ENGLISH);
  private final CatalogRepository catalog;
  private final Clock clock;

  private final ToolSupport support;
  private final AppointmentMoves moves;

  public AppointmentTools(CatalogRepository catalog, Clock clock, ToolSupport support, AppointmentMoves moves) {
    this.support = support;
    this.catalog = catalog;
    this.clock = clock;
    this.moves = moves;
  }

  @Override
  public List<ToolHandler> handlers() {
    return List.of(new ToolHandler(ToolPack.LIST_SERVICES, this::services),
        new ToolHandler(ToolPack.CHECK_AVAILABILITY, this::availability),
        new ToolHandler(ToolPack.BOOK_APPOINTMENT, "appointment.booked", this::book),
        new ToolHandler(ToolPack.RESCHEDULE_APPOINTMENT, "appointment.rescheduled", this::reschedule),
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
    Who who = who(c, service.get(), args);
    if (who.refusal() != null) {
      return who.refusal();
    }
    List<AppointmentSlots.Slot> free = AppointmentSlots.free(c, tenant, service.get(), date.get(), who.bookables(),
        clock.instant(), null);
    String day = SPOKEN.format(date.get());
    String with = who.named() == null ? "" : " with " + who.named();
    if (free.isEmpty()) {
      return ToolAnswer.ok("There is no free time for " + service.get().name() + with + " on " + day + ".",
          Map.of("date", date.get().toString(), "times", List.of()));
    }
    List<String> times = free.stream().map(slot -> slot.time().toString()).toList();
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    data.put("date", date.get().toString());
    data.put("times", times);
    data.put("timeZone", tenant.zone().getId());
    if (who.bookables().get(0).id() != null) {
      // who is free when, so the agent can answer "with whom?" and offer a person the caller asks for
      Map<String, List<String>> byStaff = new java.util.TreeMap<>();
      free.forEach(slot -> slot.free().forEach(b -> byStaff.computeIfAbsent(b.name(), k -> new ArrayList<>())
          .add(slot.time().toString())));
      data.put("byStaff", byStaff);
    }
    return ToolAnswer.ok("On " + day + ", " + service.get().name() + with + " is available at "
        + String.join(", ", times.subList(0, Math.min(8, times.size()))) + ".", data);
  }

  /** Who may be booked for the service: everyone offering it, or the one the caller named. */
  private record Who(List<AppointmentSlots.Bookable> bookables, String named, ToolAnswer refusal) {}

  private static Who who(Connection c, CatalogItem service, Map<String, Object> args) throws SQLException {
    List<AppointmentSlots.Bookable> offering = AppointmentSlots.offering(c, service);
    if (offering.isEmpty()) {
      return new Who(offering, null, ToolAnswer.refuse("Nobody offers " + service.name() + " at the moment."));
    }
    Object asked = args.get("staff");
    if (asked == null || asked.toString().isBlank() || offering.get(0).id() == null) {
      return new Who(offering, null, null);
    }
    String name = asked.toString().strip();
    List<AppointmentSlots.Bookable> named = offering.stream().filter(b -> b.name().equalsIgnoreCase(name)
        || b.name().toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT))).toList();
    if (named.size() != 1) {
      return new Who(offering, null, ToolAnswer.refuse((named.isEmpty() ? name + " does not offer "
          : "Several people match " + name + " for ") + service.name() + "; it is offered by "
          + offering.stream().map(AppointmentSlots.Bookable::name).collect(Collectors.joining(", ")) + "."));
    }
    return new Who(named, named.get(0).name(), null);
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
    Who who = who(c, service.get(), args);
    if (who.refusal() != null) {
      return who.refusal();
    }
    ZonedDateTime start = date.get().atTime(time.get()).atZone(tenant.zone());
    ZonedDateTime end = start.plusMinutes(service.get().durationMinutes());
    UUID customer = ToolSupport.customer(c, tenant, args);
    UUID id = UUID.randomUUID();
    String code = CancellationProof.newCode();
    Optional<AppointmentSlots.Bookable> taken = moves.place(c, tenant, service.get(), date.get(), time.get(),
        who.bookables(), null, b -> {
          try (PreparedStatement insert = c.prepareStatement("INSERT INTO appointment (id, business_id,"
              + " service_id, customer_id, session_id, starts_at, ends_at, blocked_until, resource_id, status,"
              + " confirmation_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?)")) {
            insert.setObject(1, id);
            insert.setObject(2, tenant.businessId());
            insert.setObject(3, service.get().id());
            insert.setObject(4, customer);
            insert.setObject(5, call.sessionId());
            insert.setTimestamp(6, Timestamp.from(start.toInstant()));
            insert.setTimestamp(7, Timestamp.from(end.toInstant()));
            insert.setTimestamp(8, Timestamp.from(end.plus(b.buffer()).toInstant()));
            insert.setObject(9, b.id());
            insert.setString(10, code);
            insert.executeUpdate();
          }
        });
    if (taken.isEmpty()) {
      return taken(c, tenant, service.get(), date.get(), who, "That time is not available");
    }
    String with = taken.get().name() == null ? "" : " with " + taken.get().name();
    Map<String, Object> booked = new java.util.LinkedHashMap<>();
    booked.put("appointmentId", id.toString());
    booked.put("service", service.get().name());
    booked.put("staff", taken.get().name());
    booked.put("resourceId", taken.get().id() == null ? null : taken.get().id().toString());
    booked.put("startsAt", start.toOffsetDateTime().toString());
    booked.put("endsAt", end.toOffsetDateTime().toString());
    booked.put("customer", ToolSupport.party(args));
    booked.put("sessionId", call.session());
    support.deliver(c, call, "appointment.booked", id, booked);
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    data.put("appointmentId", id.toString());
    data.put("service", service.get().name());
    if (taken.get().name() != null) {
      data.put("staff", taken.get().name());
    }
    data.put("start", start.toOffsetDateTime().toString());
    data.put("end", end.toOffsetDateTime().toString());
    data.put("confirmationCode", code);
    return ToolAnswer.ok(service.get().name() + with + " is booked for " + SPOKEN.format(start) + " at "
        + time.get() + ". The confirmation code is " + CancellationProof.spoken(code) + "; it is needed to cancel"
        + " or move it.", data);
  }

  /**
   * Moves a booking the caller proves is theirs (as for cancelling) to a free time, by one UPDATE: it is at the new
   * time or still at the old one, never both and never neither. The same member of staff is kept when free then,
   * unless the caller names another.
   */
  private ToolAnswer reschedule(Connection c, ToolCall call, Map<String, Object> args) throws SQLException {
    Tenant tenant = call.tenant();
    Optional<LocalDate> date = date(args.get("date"));
    Optional<LocalTime> time = time(args.get("time"));
    Optional<LocalDate> newDate = date(args.get("newDate"));
    Optional<LocalTime> newTime = time(args.get("newTime"));
    if (date.isEmpty() || time.isEmpty() || newDate.isEmpty() || newTime.isEmpty()) {
      return ToolAnswer.refuse("I need the booking's date and time, and the new date and time, as year-month-day"
          + " and hours:minutes.");
    }
    CancellationProof proof = CancellationProof.of(c, call.sessionId(), (String) args.get("confirmationCode"));
    if (proof.exhausted()) {
      return ToolAnswer.refuse("I can't move a booking on this call after several wrong codes; please call from the"
          + " number the appointment was booked with, or ask the staff.");
    }
    if (proof.isEmpty()) {
      return ToolAnswer.refuse("To move it, I need the 6-digit confirmation code given when it was booked.");
    }
    Instant start = date.get().atTime(time.get()).atZone(tenant.zone()).toInstant();
    Optional<Booking> booking = Booking.proven(c, start, proof);
    if (booking.isEmpty()) {
      return ToolAnswer.refuse(proof.code() == null
          ? "I can't find a booking from this phone number at that time; the confirmation code would find it."
          : "I can't find a booking with that confirmation code at that time.");
    }
    Optional<CatalogItem> service = catalog.available(c, CatalogKind.SERVICE).stream()
        .filter(s -> s.id().equals(booking.get().serviceId())).findFirst();
    if (service.isEmpty()) {
      return ToolAnswer.refuse("That service can no longer be booked, so the appointment cannot be moved; it stays"
          + " as it is.");
    }
    Who who = who(c, service.get(), args);
    if (who.refusal() != null) {
      return who.refusal();
    }
    if (args.get("staff") == null) { // keep the same person when they are free then
      List<AppointmentSlots.Bookable> same = who.bookables().stream()
          .filter(b -> java.util.Objects.equals(b.id(), booking.get().resourceId())).toList();
      List<AppointmentSlots.Bookable> others = who.bookables().stream().filter(b -> !same.contains(b)).toList();
      who = new Who(java.util.stream.Stream.concat(same.stream(), others.stream()).toList(), null, null);
    }
    Optional<AppointmentSlots.Bookable> moved = moves.move(c, tenant, service.get(), booking.get().id(),
        newDate.get(), newTime.get(), who.bookables());
    if (moved.isEmpty()) {
      return taken(c, tenant, service.get(), newDate.get(), who, "That time is not available, so the appointment"
          + " stays as it was");
    }
    ZonedDateTime newStart = newDate.get().atTime(newTime.get()).atZone(tenant.zone());
    ZonedDateTime newEnd = newStart.plusMinutes(service.get().durationMinutes());
    Map<String, Object> payload = AppointmentMoves.moved(booking.get().id(), service.get(), moved.get(),
        booking.get().resourceId(), start, newStart, call.session());
    support.deliver(c, call, "appointment.rescheduled", booking.get().id(), payload);
    String with = moved.get().name() == null ? "" : " with " + moved.get().name();
    return ToolAnswer.ok("The appointment is moved to " + SPOKEN.format(newStart) + " at " + newTime.get() + with
        + ".", Map.of("appointmentId", booking.get().id().toString(), "start",
        newStart.toOffsetDateTime().toString(), "end", newEnd.toOffsetDateTime().toString()));
  }

  /** A booking found by its start and the caller's proof, locked until the tool's transaction ends. */
  private record Booking(UUID id, UUID serviceId, UUID resourceId) {
    static Optional<Booking> proven(Connection c, Instant start, CancellationProof proof) throws SQLException {
      try (PreparedStatement select = c.prepareStatement("SELECT a.id, a.service_id, a.resource_id FROM appointment a"
          + " WHERE a.starts_at = ? AND a.status = 'booked' AND (a.confirmation_code = ? OR EXISTS (SELECT 1"
          + " FROM customer cu WHERE cu.id = a.customer_id AND cu.phone = ?)) FOR UPDATE")) {
        select.setTimestamp(1, Timestamp.from(start));
        select.setString(2, proof.code());
        select.setString(3, proof.verifiedCaller());
        try (ResultSet r = select.executeQuery()) {
          return r.next() ? Optional.of(new Booking(r.getObject(1, UUID.class), r.getObject(2, UUID.class),
              r.getObject(3, UUID.class))) : Optional.empty();
        }
      }
    }
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
        + " FROM customer cu WHERE cu.id = a.customer_id AND cu.phone = ?)) RETURNING a.id, a.resource_id")) {
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
        UUID resource = cancelled.getObject(2, UUID.class);
        cancelledPayload.put("resourceId", resource == null ? null : resource.toString());
        cancelledPayload.put("sessionId", call.session());
        support.deliver(c, call, "appointment.cancelled", id, cancelledPayload);
      }
    }
    return ToolAnswer.ok("The appointment on " + SPOKEN.format(date.get()) + " at " + time.get()
        + " is cancelled.", Map.of("cancelled", true));
  }

  private ToolAnswer taken(Connection c, Tenant tenant, CatalogItem service, LocalDate date, Who who, String why)
      throws SQLException {
    List<AppointmentSlots.Slot> free = AppointmentSlots.free(c, tenant, service, date, who.bookables(),
        clock.instant(), null);
    return ToolAnswer.refuse(why + (free.isEmpty() ? "; there is nothing else free that day."
        : "; free times that day: " + free.stream().limit(5).map(slot -> slot.time().toString())
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
