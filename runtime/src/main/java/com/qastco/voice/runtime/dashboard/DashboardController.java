package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.integrations.Json;
import com.qastco.voice.runtime.activity.AppointmentRepository;
import com.qastco.voice.runtime.activity.OrderRepository;
import com.qastco.voice.runtime.activity.SessionHistory;
import com.qastco.voice.runtime.activity.TicketRepository;
import com.qastco.voice.runtime.billing.BillingController;
import com.qastco.voice.runtime.billing.BillingStatement;
import com.qastco.voice.runtime.events.LiveEvent;
import com.qastco.voice.runtime.events.LiveEventBus;
import com.qastco.voice.runtime.events.LiveEventsController;
import com.qastco.voice.runtime.storage.Listing;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.web.Forms;
import com.qastco.voice.runtime.web.Pages;
import com.qastco.voice.runtime.dashboard.OwnerSessions.Owner;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import com.qastco.voice.runtime.handover.Handovers;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.reactivestreams.Publisher;

/**
 * A Business's dashboard at {@code <its host>/admin}, for its owners: overview, activity updating live (with status
 * changes), calls with transcripts. Every page runs the same code as the Business's API (the API's controllers,
 * called with the signed-in Business), and only on its own host with its own owner's session.
 */
@Controller("/admin")
@Hidden
public class DashboardController {
  private static final Listing.Filter RECENT = new Listing.Filter(null, null, null, 50, 0);
  private final Pages pages;
  private final OwnerSessions owners;
  private final OrderRepository orders;
  private final AppointmentRepository appointments;
  private final TicketRepository tickets;
  private final SessionHistory calls;
  private final BillingController billing;
  private final LiveEventBus events;
  private final Clock clock;
  private final UsageChart chart;
  private final Handovers handovers;

  public DashboardController(Pages pages, OwnerSessions owners, OrderRepository orders,
                             AppointmentRepository appointments, TicketRepository tickets, SessionHistory calls,
                             BillingController billing, LiveEventBus events, Clock clock, UsageChart chart,
                             Handovers handovers) {
    this.chart = chart;
    this.handovers = handovers;
    this.pages = pages;
    this.owners = owners;
    this.orders = orders;
    this.appointments = appointments;
    this.tickets = tickets;
    this.calls = calls;
    this.billing = billing;
    this.events = events;
    this.clock = clock;
  }

  private Tenant tenant(HttpRequest<?> request) {
    return owners.tenant(request);
  }

  private Optional<Owner> owner(HttpRequest<?> request) {
    return owners.owner(request);
  }

  private static HttpResponse<?> toLogin() {
    return HttpResponse.seeOther(URI.create("/admin/login"));
  }

  @Get(produces = MediaType.TEXT_HTML)
  public HttpResponse<?> overview(HttpRequest<?> request) {
    Optional<Owner> owner = owner(request);
    if (owner.isEmpty()) {
      return toLogin();
    }
    Tenant tenant = owner.get().tenant();
    String today = LocalDate.now(clock.withZone(tenant.zone())).atStartOfDay(tenant.zone()).toInstant().toString();
    Map<String, Object> params = frame(owner.get(), "overview");
    Listing.Filter sinceMidnight = new Listing.Filter(null, today, null, 1, 0);
    params.put("callsToday", calls.list(tenant, sinceMidnight).total());
    params.put("activityToday", switch (kind(tenant)) {
      case "appointment" -> appointments.list(tenant, sinceMidnight).total();
      case "support" -> tickets.list(tenant, sinceMidnight).total();
      default -> orders.list(tenant, sinceMidnight).total();
    });
    BillingStatement.Statement statement = billing.statement(tenant);
    params.put("statement", statement);
    params.put("chart", chart.of(tenant, statement));
    return pages.ok("dashboard/overview.jte", params);
  }

  @Get(value = "/activity", produces = MediaType.TEXT_HTML)
  public HttpResponse<?> activity(HttpRequest<?> request) {
    Optional<Owner> owner = owner(request);
    if (owner.isEmpty()) {
      return toLogin();
    }
    Tenant tenant = owner.get().tenant();
    Map<String, Object> params = frame(owner.get(), "activity");
    params.put("orders", kind(tenant).equals("restaurant") || kind(tenant).equals("custom")
        ? orders.list(tenant, RECENT).items() : java.util.List.of());
    params.put("appointments", kind(tenant).equals("appointment")
        ? appointments.list(tenant, RECENT).items() : java.util.List.of());
    params.put("tickets", kind(tenant).equals("support")
        ? tickets.list(tenant, RECENT).items() : java.util.List.of());
    params.put("handovers", handovers.list(tenant, RECENT).items());
    return pages.ok("dashboard/activity.jte", params);
  }

  /** A callback request the staff have dealt with. */
  @Post(value = "/handovers/{id}/called-back", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> calledBack(HttpRequest<?> request, java.util.UUID id, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    handovers.calledBack(owner.tenant(), id);
    return HttpResponse.seeOther(URI.create("/admin/activity"));
  }

  /** An order moved along from the dashboard (the API's rules: placed → preparing → ready → completed). */
  @Post(value = "/orders/{number}/status", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> orderStatus(HttpRequest<?> request, long number, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    orders.changeStatus(owner.tenant(), number, form.get("status"));
    return HttpResponse.seeOther(URI.create("/admin/activity"));
  }

  /** An appointment cancelled or marked completed from the dashboard. */
  @Post(value = "/appointments/{id}/status", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> appointmentStatus(HttpRequest<?> request, java.util.UUID id, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    appointments.changeStatus(owner.tenant(), id, form.get("status"));
    return HttpResponse.seeOther(URI.create("/admin/activity"));
  }

  /** A ticket moved along from the dashboard (open, in progress, resolved, closed). */
  @Post(value = "/tickets/{number}/status", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> ticketStatus(HttpRequest<?> request, long number, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    tickets.changeStatus(owner.tenant(), number, form.get("status"));
    return HttpResponse.seeOther(URI.create("/admin/activity"));
  }

  /** The Business's live events for the dashboard's pages (the owner's session, not an API key). */
  @Get(value = "/events", produces = MediaType.TEXT_EVENT_STREAM)
  public Publisher<Event<LiveEvent>> live(HttpRequest<?> request,
                                          @Nullable @Header("Last-Event-ID") String lastEventId) {
    Owner owner = owners.required(request);
    return LiveEventsController.withKeepAlive(events.stream(owner.tenant(), lastEventId, e -> true));
  }

  /** @param outcome only the calls that came to this; the filter's links name each outcome */
  @Get(value = "/calls", produces = MediaType.TEXT_HTML)
  public HttpResponse<?> calls(HttpRequest<?> request, @QueryValue @Nullable String outcome) {
    Optional<Owner> owner = owner(request);
    if (owner.isEmpty()) {
      return toLogin();
    }
    Map<String, Object> params = frame(owner.get(), "calls");
    Tenant tenant = owner.get().tenant();
    // The recent calls' hand-overs in one read: at most a few per call, and the calls are the 50 latest.
    Map<java.util.UUID, java.util.List<Handovers.Handover>> bySession = handovers.list(tenant,
            new Listing.Filter(null, null, null, 200, 0)).items().stream().filter(h -> h.sessionId() != null)
        .collect(java.util.stream.Collectors.groupingBy(Handovers.Handover::sessionId));
    String shown = outcome == null || outcome.isBlank() ? null : outcome;
    params.put("outcome", shown == null ? "" : shown);
    params.put("outcomes", com.qastco.voice.runtime.sessions.CallOutcome.OUTCOMES);
    params.put("calls", calls.list(tenant, RECENT, shown).items().stream()
        .map(session -> Call.of(session, bySession.getOrDefault(session.id(), java.util.List.of()))).toList());
    return pages.ok("dashboard/calls.jte", params);
  }

  private static Map<String, Object> frame(Owner owner, String tab) {
    return OwnerSessions.frame(owner, tab);
  }

  private static String kind(Tenant tenant) {
    return OwnerSessions.kind(tenant);
  }

  /** A call as the calls page shows it: its transcript as lines, and any hand-over to the staff. */
  public record Call(SessionHistory.Session session, java.util.List<Line> lines,
                     java.util.List<Handovers.Handover> handovers) {
    public record Line(String speaker, String text) {}

    static Call of(SessionHistory.Session session, java.util.List<Handovers.Handover> handovers) {
      java.util.List<Line> lines = new java.util.ArrayList<>();
      if (session.transcript() != null) {
        try {
          for (var line : Json.tree(session.transcript())) {
            String role = line.path("role").asText();
            String text = line.path("text").asText("");
            if (!text.isBlank()) {
              lines.add(new Line(role.contains("USER") ? "Caller" : role.contains("AGENT") ? "Agent" : role, text));
            }
          }
        } catch (java.io.IOException e) {
          lines.add(new Line("", session.transcript()));
        }
      }
      return new Call(session, lines, handovers);
    }
  }

}
