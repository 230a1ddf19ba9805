package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.runtime.activity.AppointmentsController;
import com.qastco.voice.runtime.activity.OrdersController;
import com.qastco.voice.runtime.activity.SessionsController;
import com.qastco.voice.runtime.activity.TicketsController;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.billing.BillingController;
import com.qastco.voice.runtime.billing.BillingStatement;
import com.qastco.voice.runtime.events.LiveEvent;
import com.qastco.voice.runtime.events.LiveEvents;
import com.qastco.voice.runtime.events.LiveEventsController;
import com.qastco.voice.runtime.ratelimits.RateLimits;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.web.Forms;
import com.qastco.voice.runtime.web.Hosts;
import com.qastco.voice.runtime.web.Pages;
import com.qastco.voice.runtime.web.WebSessions;
import com.qastco.voice.runtime.dashboard.OwnerSessions.Owner;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.reactivestreams.Publisher;

/**
 * A Business's dashboard at {@code <its host>/admin}, for its owners: overview, activity updating live, calls with
 * transcripts, billing and keys. Every page runs the same code as the Business's API (the API's controllers,
 * called with the signed-in Business), and only on its own host with its own owner's session.
 */
@Controller("/admin")
@Hidden
@ExecuteOn(TaskExecutors.BLOCKING)
public class DashboardController {
  private static final String KIND = OwnerSessions.KIND;
  private final Hosts hosts;
  private final Pages pages;
  private final WebSessions sessions;
  private final Owners accounts;
  private final OwnerSessions owners;
  private final RateLimits limits;
  private final OrdersController orders;
  private final AppointmentsController appointments;
  private final TicketsController tickets;
  private final SessionsController calls;
  private final BillingController billing;
  private final LiveEvents events;
  private final TenantDirectory tenants;
  private final KubernetesClient kubernetes;
  private final Clock clock;
  private final com.qastco.voice.runtime.sessions.PlanLimits plans;

  public DashboardController(com.qastco.voice.runtime.sessions.PlanLimits plans, Hosts hosts, Pages pages, WebSessions sessions, Owners accounts, OwnerSessions owners,
                             RateLimits limits,
                             OrdersController orders, AppointmentsController appointments, TicketsController tickets,
                             SessionsController calls, BillingController billing, LiveEvents events,
                             TenantDirectory tenants, KubernetesClient kubernetes, Clock clock) {
    this.hosts = hosts;
    this.pages = pages;
    this.sessions = sessions;
    this.accounts = accounts;
    this.owners = owners;
    this.limits = limits;
    this.orders = orders;
    this.appointments = appointments;
    this.tickets = tickets;
    this.calls = calls;
    this.billing = billing;
    this.events = events;
    this.tenants = tenants;
    this.kubernetes = kubernetes;
    this.clock = clock;
    this.plans = plans;
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

  @Serdeable
  public record Login(@Nullable String email, @Nullable String password, @Nullable String _csrf) {}

  @Get(value = "/login", produces = MediaType.TEXT_HTML)
  public HttpResponse<?> loginForm(HttpRequest<?> request) {
    Tenant tenant = tenant(request);
    var started = sessions.start("login", tenant.businessId(), "");
    return pages.ok("dashboard/login.jte", Map.of("name", tenant.displayName(), "csrf", started.getKey().csrf(),
        "error", "", "email", "")).cookie(started.getValue());
  }

  @Post(value = "/login", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  public HttpResponse<?> login(HttpRequest<?> request, @Body Login login) {
    Tenant tenant = tenant(request);
    WebSessions.WebSession form = sessions.current(request, "login")
        .filter(s -> tenant.businessId().equals(s.businessId())).orElseThrow(() ->
            ApiException.forbidden("csrf", "This form expired; reload the page and try again"));
    Forms.check(request, form, login._csrf());
    String email = login.email() == null ? "" : login.email().trim();
    Optional<Duration> wait = limits.takeFor("login", tenant.businessId() + ":" + Forms.client(request), 10,
        Duration.ofMinutes(15));
    if (wait.isPresent()) {
      return pages.render(HttpStatus.TOO_MANY_REQUESTS, "dashboard/login.jte", Map.of("name", tenant.displayName(),
          "csrf", form.csrf(), "email", email, "error", "Too many attempts; please wait "
              + Math.max(1, wait.get().toMinutes()) + " minutes"));
    }
    if (!accounts.check(tenant, email, login.password())) {
      return pages.render(HttpStatus.UNAUTHORIZED, "dashboard/login.jte", Map.of("name", tenant.displayName(),
          "csrf", form.csrf(), "email", email, "error", "That e-mail and password do not match an owner of "
              + tenant.displayName()));
    }
    sessions.end(form);
    var signedIn = sessions.start(KIND, tenant.businessId(), email.toLowerCase(java.util.Locale.ROOT));
    return HttpResponse.seeOther(URI.create("/admin")).cookie(signedIn.getValue());
  }

  @Post(value = "/logout", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> logout(HttpRequest<?> request, @Body Map<String, String> form) {
    owner(request).ifPresent(o -> {
      Forms.check(request, o.session(), form.get("_csrf"));
      sessions.end(o.session());
    });
    return HttpResponse.seeOther(URI.create("/admin/login")).cookie(sessions.cleared());
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
    params.put("callsToday", calls.list(tenant, null, today, null, 1, 0).total());
    params.put("activityToday", switch (kind(tenant)) {
      case "appointment" -> appointments.list(tenant, null, today, null, 1, 0).total();
      case "support" -> tickets.list(tenant, null, today, null, 1, 0).total();
      default -> orders.list(tenant, null, today, null, 1, 0).total();
    });
    params.put("statement", billing.statement(tenant));
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
        ? orders.list(tenant, null, null, null, 50, 0).items() : java.util.List.of());
    params.put("appointments", kind(tenant).equals("appointment")
        ? appointments.list(tenant, null, null, null, 50, 0).items() : java.util.List.of());
    params.put("tickets", kind(tenant).equals("support")
        ? tickets.list(tenant, null, null, null, 50, 0).items() : java.util.List.of());
    return pages.ok("dashboard/activity.jte", params);
  }

  /** An order moved along from the dashboard (the API's rules: placed → preparing → ready → completed). */
  @Post(value = "/orders/{number}/status", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> orderStatus(HttpRequest<?> request, long number, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    orders.changeStatus(owner.tenant(), number, new OrdersController.StatusChange(form.get("status")));
    return HttpResponse.seeOther(URI.create("/admin/activity"));
  }

  /** An appointment cancelled or marked completed from the dashboard. */
  @Post(value = "/appointments/{id}/status", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> appointmentStatus(HttpRequest<?> request, java.util.UUID id, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    appointments.changeStatus(owner.tenant(), id, new AppointmentsController.StatusChange(form.get("status")));
    return HttpResponse.seeOther(URI.create("/admin/activity"));
  }

  /** A ticket moved along from the dashboard (open, in progress, resolved, closed). */
  @Post(value = "/tickets/{number}/status", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> ticketStatus(HttpRequest<?> request, long number, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    tickets.changeStatus(owner.tenant(), number, new TicketsController.StatusChange(form.get("status")));
    return HttpResponse.seeOther(URI.create("/admin/activity"));
  }

  /** A plan change from the dashboard: the spec's plan, which the operator carries to Stripe, prorated. */
  @Post(value = "/billing/plan", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> changePlan(HttpRequest<?> request, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    billing.changePlan(owner.tenant(), new BillingController.PlanChange(form.get("plan")));
    return HttpResponse.seeOther(URI.create("/admin/billing?plan=changed"));
  }

  /** The Business's live events for the dashboard's pages (the owner's session, not an API key). */
  @Get(value = "/events", produces = MediaType.TEXT_EVENT_STREAM)
  public Publisher<Event<LiveEvent>> live(HttpRequest<?> request,
                                          @Nullable @Header("Last-Event-ID") String lastEventId) {
    Owner owner = owners.required(request);
    return LiveEventsController.withKeepAlive(events.stream(owner.tenant(), lastEventId, e -> true));
  }

  @Get(value = "/calls", produces = MediaType.TEXT_HTML)
  public HttpResponse<?> calls(HttpRequest<?> request) {
    Optional<Owner> owner = owner(request);
    if (owner.isEmpty()) {
      return toLogin();
    }
    Map<String, Object> params = frame(owner.get(), "calls");
    params.put("calls", calls.list(owner.get().tenant(), null, null, null, 50, 0).items().stream()
        .map(Call::of).toList());
    return pages.ok("dashboard/calls.jte", params);
  }

  @Get(value = "/billing", produces = MediaType.TEXT_HTML)
  public HttpResponse<?> billing(HttpRequest<?> request) {
    Optional<Owner> owner = owner(request);
    if (owner.isEmpty()) {
      return toLogin();
    }
    Map<String, Object> params = frame(owner.get(), "billing");
    params.put("statement", billing.statement(owner.get().tenant()));
    params.put("plans", com.qastco.voice.runtime.portal.PlanOffer.all(plans));
    params.put("specPlan", owner.get().tenant().plan().name().toLowerCase(java.util.Locale.ROOT));
    params.put("changed", "changed".equals(request.getParameters().get("plan")));
    return pages.ok("dashboard/billing.jte", params);
  }

  /** Stripe's hosted pages: payment details (Checkout) or the customer portal. */
  @Post(value = "/billing/{page}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> stripePage(HttpRequest<?> request, String page, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    BillingController.Link link = switch (page) {
      case "checkout" -> billing.checkout(owner.tenant());
      case "portal" -> billing.portal(owner.tenant());
      default -> throw ApiException.notFound("No such billing page");
    };
    return HttpResponse.seeOther(URI.create(link.url()));
  }

  @Get(value = "/keys", produces = MediaType.TEXT_HTML)
  public HttpResponse<?> keys(HttpRequest<?> request) {
    Optional<Owner> owner = owner(request);
    if (owner.isEmpty()) {
      return toLogin();
    }
    Map<String, Object> params = frame(owner.get(), "keys");
    params.put("keys", tenants.credentials(owner.get().tenant()).map(c -> c.keys()).orElse(java.util.List.of()));
    params.put("rotation", rotationRequested(owner.get().tenant()));
    return pages.ok("dashboard/keys.jte", params);
  }

  /** Asks the operator for new keys (the old ones keep working through its grace period). */
  @Post(value = "/keys/rotate", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> rotate(HttpRequest<?> request, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    kubernetes.resources(Business.class).inNamespace(owner.tenant().namespace()).withName(owner.tenant().name())
        .edit(b -> {
          if (b.getMetadata().getAnnotations() == null) {
            b.getMetadata().setAnnotations(new java.util.HashMap<>());
          }
          b.getMetadata().getAnnotations().put(Business.ROTATE_KEYS_ANNOTATION, clock.instant().toString());
          return b;
        });
    return HttpResponse.seeOther(URI.create("/admin/keys"));
  }

  /** When the last rotation was asked for ("" when never). */
  private String rotationRequested(Tenant tenant) {
    Business business = kubernetes.resources(Business.class).inNamespace(tenant.namespace())
        .withName(tenant.name()).get();
    return business == null || business.getMetadata().getAnnotations() == null ? ""
        : business.getMetadata().getAnnotations().getOrDefault(Business.ROTATE_KEYS_ANNOTATION, "");
  }

  private static Map<String, Object> frame(Owner owner, String tab) {
    return OwnerSessions.frame(owner, tab);
  }

  private static String kind(Tenant tenant) {
    return OwnerSessions.kind(tenant);
  }

  /** A call as the calls page shows it: its transcript as lines. */
  public record Call(SessionsController.Session session, java.util.List<Line> lines) {
    public record Line(String speaker, String text) {}

    static Call of(SessionsController.Session session) {
      java.util.List<Line> lines = new java.util.ArrayList<>();
      if (session.transcript() != null) {
        try {
          for (var line : new com.fasterxml.jackson.databind.ObjectMapper().readTree(session.transcript())) {
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
      return new Call(session, lines);
    }
  }

  /** For the overview's usage chart. */
  public static int percent(BillingStatement.Statement s) {
    return s.includedSessions() == null || s.includedSessions() == 0 ? 0
        : (int) Math.min(100, s.usedSessions() * 100 / s.includedSessions());
  }
}
