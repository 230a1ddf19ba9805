package com.qastco.voice.runtime.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import com.qastco.voice.api.v1alpha1.Notifications.StaffEvent;
import com.qastco.voice.runtime.tenants.Tenant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a member of staff is e-mailed about what the agent did: one message per new order, appointment (booked or
 * cancelled), ticket, and message for a callback, from the event's own payload (the one the webhook gets).
 */
public final class StaffNotices {
  private static final Map<String, StaffEvent> KINDS = Map.of("order.placed", StaffEvent.ORDERS,
      "appointment.booked", StaffEvent.APPOINTMENTS, "appointment.cancelled", StaffEvent.APPOINTMENTS,
      "appointment.rescheduled", StaffEvent.APPOINTMENTS,
      "ticket.created", StaffEvent.TICKETS, "handover.requested", StaffEvent.HANDOVERS,
      "handover.ended", StaffEvent.HANDOVERS);
  /** The staff's morning e-mail of the day before (spec.notifications.staffDigest). */
  public static final String DIGEST = "staff.digest";
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);

  private StaffNotices() {}

  /**
   * The kind of a Business's event that staff may be told of; empty for the others, and for a hand-over that is
   * not a message to call back (a transfer rings the staff's phones already).
   */
  public static Optional<StaffEvent> kind(String event, Map<String, Object> payload) {
    StaffEvent kind = KINDS.get(event);
    if (kind == StaffEvent.HANDOVERS && !"callback_requested".equals(payload.get("status"))) {
      return Optional.empty();
    }
    return Optional.ofNullable(kind);
  }

  /** The e-mail to {@code to} about the event. */
  public static Optional<Notice> of(Tenant tenant, String to, String event, JsonNode p) {
    String activity = tenant.url() + "/admin/activity";
    Notice.Brand brand = Notice.Brand.of(tenant);
    JsonNode customer = p.path("customer");
    return Optional.ofNullable(switch (event) {
      case "order.placed" -> {
        List<Notice.Row> rows = new ArrayList<>();
        p.path("items").forEach(i -> rows.add(new Notice.Row(i.path("quantity").asText() + " × "
            + i.path("name").asText(), p.path("currency").asText() + " " + i.path("lineTotal").asText())));
        rows.add(new Notice.Row("Total", p.path("currency").asText() + " " + p.path("total").asText()));
        caller(rows, customer);
        text(rows, "Notes", p.path("notes"));
        yield new Notice("New order " + p.path("number").asText() + " for " + tenant.displayName(),
            "Order " + p.path("number").asText(), "The voice agent took this order.", rows,
            activity + "#order-" + p.path("number").asText(), "See it in the dashboard",
            why(to, tenant, "orders"), stop(), brand);
      }
      case "appointment.booked" -> {
        List<Notice.Row> rows = new ArrayList<>();
        rows.add(new Notice.Row("Service", p.path("service").asText()));
        text(rows, "With", p.path("staff"));
        rows.add(new Notice.Row("When", when(tenant, p.path("startsAt").asText())));
        caller(rows, customer);
        yield new Notice("New appointment: " + p.path("service").asText() + ", " + when(tenant,
            p.path("startsAt").asText()), "New appointment", "The voice agent booked this appointment.", rows,
            activity + "#appointments", "See it in the dashboard", why(to, tenant, "appointments"), stop(), brand);
      }
      case "appointment.rescheduled" -> {
        List<Notice.Row> rows = new ArrayList<>();
        rows.add(new Notice.Row("Service", p.path("service").asText()));
        text(rows, "With", p.path("staff"));
        rows.add(new Notice.Row("Was", when(tenant, p.path("previousStartsAt").asText())));
        rows.add(new Notice.Row("Now", when(tenant, p.path("startsAt").asText())));
        yield new Notice("Appointment moved to " + when(tenant, p.path("startsAt").asText()), "Appointment moved",
            "A caller moved their appointment through the voice agent; the old time is free again.", rows,
            activity + "#appointments", "See the appointments", why(to, tenant, "appointments"), stop(), brand);
      }
      case "appointment.cancelled" -> new Notice("Appointment cancelled: " + when(tenant, p.path("startsAt").asText()),
          "Appointment cancelled", "A caller cancelled their appointment through the voice agent; the time is free"
          + " again.", List.of(new Notice.Row("When", when(tenant, p.path("startsAt").asText()))),
          activity + "#appointments", "See the appointments", why(to, tenant, "appointments"), stop(), brand);
      case "ticket.created" -> {
        List<Notice.Row> rows = new ArrayList<>();
        rows.add(new Notice.Row("Subject", p.path("subject").asText()));
        rows.add(new Notice.Row("Category", p.path("category").asText()));
        rows.add(new Notice.Row("Priority", p.path("priority").asText()));
        text(rows, "Description", p.path("description"));
        caller(rows, customer);
        yield new Notice("New ticket " + p.path("number").asText() + " (" + p.path("priority").asText() + "): "
            + p.path("subject").asText(), "Ticket " + p.path("number").asText(),
            "The voice agent opened this ticket.", rows, activity + "#tickets", "See it in the dashboard",
            why(to, tenant, "tickets"), stop(), brand);
      }
      case "handover.requested", "handover.ended" -> {
        List<Notice.Row> rows = new ArrayList<>();
        text(rows, "Reason", p.path("reason"));
        caller(rows, customer);
        String name = customer.path("name").asText("");
        yield new Notice("Please call back " + (name.isBlank() ? "a caller" : name) + ": "
            + customer.path("phone").asText(""), "A caller asked to be called back",
            "The caller asked for a person and could not be put through, so the agent took this message.", rows,
            activity + "#handover-" + p.path("handoverId").asText(), "Mark it called back in the dashboard",
            why(to, tenant, "hand-over requests"), stop(), brand);
      }
      case DIGEST -> digest(tenant, to, p, activity, brand);
      default -> null;
    });
  }

  private static Notice digest(Tenant tenant, String to, JsonNode p, String activity, Notice.Brand brand) {
    String day = DAY.format(java.time.LocalDate.parse(p.path("day").asText()));
    List<Notice.Row> rows = new ArrayList<>();
    section(rows, p.path("orders"), "Orders", o -> new Notice.Row("Order " + o.path("number").asText(),
        o.path("items").asText() + " · " + o.path("currency").asText() + " " + o.path("total").asText()));
    section(rows, p.path("tickets"), "Tickets", t -> new Notice.Row("Ticket " + t.path("number").asText(),
        t.path("priority").asText() + ": " + t.path("subject").asText()));
    section(rows, p.path("callbacks"), "Callers to call back", h -> new Notice.Row(
        h.path("name").asText("").isBlank() ? "A caller" : h.path("name").asText(),
        h.path("phone").asText() + (h.path("reason").asText("").isBlank() ? "" : " · " + h.path("reason").asText())));
    section(rows, p.path("appointments"), "Appointments today", a -> new Notice.Row(
        when(tenant, a.path("startsAt").asText()).replaceFirst("^.*, ", ""), a.path("service").asText()
        + (a.path("name").asText("").isBlank() ? "" : " · " + a.path("name").asText())));
    return new Notice(tenant.displayName() + ": " + day, "Yesterday at " + tenant.displayName(),
        "What the voice agent took on " + day + ", and the appointments of the day.", rows, activity,
        "See everything in the dashboard", "You get this e-mail because " + to + " is listed to hear of what "
        + tenant.displayName() + "'s voice agent takes, and the daily summary is on.",
        "To stop it, the owner turns off the daily summary under Settings, Notifications, in the dashboard.", brand);
  }

  /** A heading row with the count, then a row per item; more than were listed is said. */
  private static void section(List<Notice.Row> rows, JsonNode section, String title,
                              java.util.function.Function<JsonNode, Notice.Row> row) {
    long total = section.path("total").asLong();
    if (total == 0) {
      return;
    }
    rows.add(new Notice.Row(title, Long.toString(total)));
    section.path("items").forEach(item -> rows.add(row.apply(item)));
    long more = total - section.path("items").size();
    if (more > 0) {
      rows.add(new Notice.Row("", "and " + more + " more in the dashboard"));
    }
  }

  /** The one e-mail a newly listed address gets: may the Business send it the staff's e-mail? */
  static Notice invitation(Tenant tenant, String to, String link) {
    return new Notice(tenant.displayName() + " would like to e-mail you about its calls",
        "Confirm e-mail from " + tenant.displayName(), tenant.displayName() + " listed " + to + " to hear of the"
        + " orders, appointments, tickets and callback requests its voice agent takes. Nothing is sent to you until"
        + " you confirm. If you do not know " + tenant.displayName() + ", ignore this e-mail or press No on the"
        + " page: you will get nothing more.", List.of(), link, "Confirm or decline",
        "You get this e-mail because " + tenant.displayName() + " typed your address into its voice agent's"
        + " settings.", "It is sent once; the link works for 7 days.", Notice.Brand.of(tenant));
  }

  private static void caller(List<Notice.Row> rows, JsonNode customer) {
    text(rows, "Caller", customer.path("name"));
    text(rows, "Phone", customer.path("phone"));
  }

  private static void text(List<Notice.Row> rows, String label, JsonNode value) {
    if (value.isTextual() && !value.asText().isBlank()) {
      rows.add(new Notice.Row(label, value.asText().strip()));
    }
  }

  private static String when(Tenant tenant, String startsAt) {
    try {
      return WHEN.format(OffsetDateTime.parse(startsAt).atZoneSameInstant(tenant.zone()));
    } catch (DateTimeParseException e) {
      return startsAt;
    }
  }

  private static String why(String to, Tenant tenant, String kind) {
    return "You get this e-mail because " + to + " is listed to hear of " + kind + " taken by "
        + tenant.displayName() + "'s voice agent.";
  }

  private static String stop() {
    return "To stop it, the owner removes the address, or this kind of event, under Settings, Notifications, in the"
        + " dashboard.";
  }
}
