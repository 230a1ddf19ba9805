package com.qastco.voice.runtime.portal;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessStatus;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.mail.Mailer;
import com.qastco.voice.runtime.ratelimits.ClientAddress;
import com.qastco.voice.runtime.ratelimits.RateLimits;
import com.qastco.voice.runtime.plans.PlanLimits;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.web.Forms;
import com.qastco.voice.runtime.web.Hosts;
import com.qastco.voice.runtime.web.Pages;
import com.qastco.voice.runtime.web.WebSessions;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The registration portal on the platform's host: the form (with a live check of the subdomain), the Business it
 * creates, its provisioning progress read from the Business's conditions, and its keys, shown once.
 */
@Controller("/signup")
@Hidden
public class SignupController {
  private static final String KIND = "signup";
  private final ClientAddress clients;
  private final SignupConfig config;
  private final Mailer mailer;
  private final com.qastco.voice.runtime.web.WebConfig web;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SignupController.class);
  private final Hosts hosts;
  private final Pages pages;
  private final WebSessions sessions;
  private final Signups signups;
  private final RateLimits limits;
  private final PlanLimits plans;
  private final TenantDirectory tenants;

  private final io.micrometer.core.instrument.MeterRegistry meters;

  public SignupController(Hosts hosts, Pages pages, WebSessions sessions, Signups signups, RateLimits limits,
                          PlanLimits plans, TenantDirectory tenants, io.micrometer.core.instrument.MeterRegistry meters,
                          ClientAddress clients, SignupConfig config, @Nullable Mailer mailer,
                          com.qastco.voice.runtime.web.WebConfig web) {
    this.web = web;
    this.clients = clients;
    this.config = config;
    this.mailer = mailer;
    this.meters = meters;
    this.hosts = hosts;
    this.pages = pages;
    this.sessions = sessions;
    this.signups = signups;
    this.limits = limits;
    this.plans = plans;
    this.tenants = tenants;
  }

  @Get(produces = MediaType.TEXT_HTML)
  public HttpResponse<?> form(HttpRequest<?> request) {
    platformOnly(request);
    limits.checkAnonymousForm(clients.of(request));
    var started = sessions.start(KIND, null, "", WebSessions.FORM);
    return form(HttpStatus.OK, SignupForm.empty(), Map.of(), started.getKey().csrf()).cookie(started.getValue());
  }

  @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  public HttpResponse<?> submit(HttpRequest<?> request, @Body SignupForm form) {
    platformOnly(request);
    WebSessions.WebSession session = sessions.current(request, KIND).orElseThrow(() -> ApiException.forbidden(
        "csrf", "This form expired; reload the page and try again"));
    Forms.check(request, session, form._csrf());
    String client = clients.of(request);
    Optional<Duration> wait = limits.takeFor("signup", ClientAddress.block(client), config.getPerAddressBlockPerHour(),
        Duration.ofHours(1));
    if (wait.isPresent()) {
      return refused(form, session, wait.get(), "Too many registrations from your address");
    }
    Map<String, String> errors = signups.problems(form);
    if (!errors.isEmpty()) {
      meters.counter("voice.web.sign.ups", "result", "invalid").increment();
      return form(HttpStatus.UNPROCESSABLE_ENTITY, form.withoutPassword(), errors, session.csrf());
    }
    if (mailer == null) {
      meters.counter("voice.web.sign.ups", "result", "no_mail").increment();
      return form(HttpStatus.SERVICE_UNAVAILABLE, form.withoutPassword(), Map.of("_form", "Sign-ups are closed for"
          + " now: the platform cannot send the confirmation e-mail yet. Please try again later."), session.csrf());
    }
    String domain = form.spec().contact().email().replaceFirst("^.*@", "").toLowerCase(java.util.Locale.ROOT);
    wait = limits.takeFor("signup-domain", domain, config.getPerEmailDomainPerDay(), Duration.ofDays(1))
        .or(() -> limits.takeFor("signup-platform", "all", config.getPlatformPerHour(), Duration.ofHours(1)));
    if (wait.isPresent()) {
      return refused(form, session, wait.get(), "Too many registrations right now");
    }
    Optional<Signups.Proposal> proposal = signups.propose(form);
    if (proposal.isEmpty()) {
      return refused(form, session, Duration.ofMinutes(30), "Too many registrations are waiting for confirmation");
    }
    String link = platformUrl(request) + "/signup/confirm?token=" + proposal.get().token();
    try {
      mailer.send(new Mailer.Mail(form.spec().contact().email(), "Confirm your voice agent for "
          + form.spec().displayName(), "Hello,\n\nTo create the voice agent of " + form.spec().displayName()
          + " at " + form.spec().subdomain() + "." + hosts.domain() + ", open this link and press Confirm:\n\n"
          + link + "\n\nIt works once, for " + config.getConfirmationTtl().toHours() + " hours. If you did not"
          + " sign up, ignore this e-mail: nothing is made without it.\n"));
    } catch (Mailer.MailException e) {
      LOG.warn("Confirmation e-mail for a sign-up not sent: {}", e.getMessage());
      signups.withdraw(proposal.get());
      return form(HttpStatus.SERVICE_UNAVAILABLE, form.withoutPassword(), Map.of("_form", "The confirmation e-mail"
          + " could not be sent. Please check the address, or try again later."), session.csrf());
    }
    meters.counter("voice.web.sign.ups", "result", "confirmation_sent").increment();
    sessions.end(session);
    return pages.render(HttpStatus.ACCEPTED, "portal/sent.jte", Map.of("email", form.spec().contact().email(),
        "hours", config.getConfirmationTtl().toHours()));
  }

  /** The platform's address as the request reached it (its Host was checked), https unless a local plain-http run. */
  private String platformUrl(HttpRequest<?> request) {
    return (web.isSecureCookies() ? "https://" : "http://") + request.getHeaders().get("Host");
  }

  private MutableHttpResponse<String> refused(SignupForm form, WebSessions.WebSession session, Duration wait,
                                              String why) {
    meters.counter("voice.web.sign.ups", "result", "rate_limited").increment();
    Map<String, String> errors = Map.of("_form", why + "; please try again in " + Math.max(1, wait.toMinutes())
        + " minutes");
    return form(HttpStatus.TOO_MANY_REQUESTS, form.withoutPassword(), errors, session.csrf())
        .header("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
  }

  /**
   * The link from the e-mail: a page with a button, so that a mail scanner following links confirms nothing (the
   * token is used by the POST only). The token is in the link because an e-mail has no other way to carry it; it
   * works once and the page is never cached.
   */
  @Get(value = "/confirm", produces = MediaType.TEXT_HTML)
  public HttpResponse<?> confirmPage(HttpRequest<?> request, @QueryValue @Nullable String token) {
    platformOnly(request);
    limits.checkAnonymousForm(clients.of(request));
    var started = sessions.start(KIND, null, "", WebSessions.FORM);
    return pages.ok("portal/confirm.jte", Map.of("token", token == null ? "" : token, "csrf",
        started.getKey().csrf())).cookie(started.getValue());
  }

  @Post(value = "/confirm", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  public HttpResponse<?> confirm(HttpRequest<?> request, @Body Map<String, String> posted) {
    platformOnly(request);
    WebSessions.WebSession session = sessions.current(request, KIND).orElseThrow(() -> ApiException.forbidden(
        "csrf", "This page expired; open the link from the e-mail again"));
    Forms.check(request, session, posted.get("_csrf"));
    Signups.Confirmed confirmed = signups.confirm(posted.get("token"));
    return switch (confirmed.result()) {
      case CONFIRMED -> {
        meters.counter("voice.web.sign.ups", "result", "created").increment();
        sessions.bind(session, confirmed.id().toString());
        yield HttpResponse.seeOther(URI.create("/signup/progress"));
      }
      case TAKEN -> throw new ApiException(HttpStatus.CONFLICT, "subdomain_taken", "That subdomain was taken before"
          + " you confirmed; please sign up again with another one");
      case UNKNOWN -> throw new ApiException(HttpStatus.GONE, "link_used", "This link was used already or has"
          + " expired; sign up again to get a new one");
    };
  }

  /** For the form's live check: whether a subdomain can be had, and if not, why. */
  @Get(value = "/availability", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<Map<String, Object>> availability(HttpRequest<?> request,
                                                        @QueryValue @Nullable String subdomain) {
    platformOnly(request);
    // Generous for someone typing, but no way to list who is a customer.
    Optional<Duration> wait = limits.takeFor("availability", clients.of(request), 120, Duration.ofMinutes(10));
    if (wait.isPresent()) {
      return HttpResponse.<Map<String, Object>>status(HttpStatus.TOO_MANY_REQUESTS)
          .header("Retry-After", Long.toString(Math.max(1, wait.get().toSeconds())))
          .body(Map.of("available", false, "message", "Too many checks from your address; try again later"));
    }
    String wanted = subdomain == null ? "" : subdomain.trim().toLowerCase(java.util.Locale.ROOT);
    Optional<String> refused = signups.availability(wanted);
    return HttpResponse.ok(Map.of("subdomain", wanted, "available", refused.isEmpty(),
        "message", refused.orElse(wanted + "." + hosts.domain() + " is available")));
  }

  @Get(value = "/progress", produces = MediaType.TEXT_HTML)
  public HttpResponse<?> progress(HttpRequest<?> request) {
    platformOnly(request);
    Optional<WebSessions.WebSession> session = sessions.current(request, KIND);
    Optional<Signups.Signup> signup = session.flatMap(SignupController::signupId).flatMap(signups::find);
    if (signup.isEmpty()) {
      return HttpResponse.seeOther(URI.create("/signup"));
    }
    String name = signups.resource(signup.get()).map(b -> b.getSpec().displayName()).orElse(signup.get().name());
    return pages.ok("portal/progress.jte", Map.of("name", name, "csrf", session.get().csrf(),
        "status", status(signup.get())));
  }

  /** Provisioning as the Business's conditions say; once it is Ready, its owner's account moves into it. */
  @Get(value = "/progress.json", produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> status(HttpRequest<?> request) {
    platformOnly(request);
    return status(current(request));
  }

  /** The keys, once: the first request gets them, every later one is told to rotate them instead. */
  @Post(value = "/keys", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<Map<String, Object>> keys(HttpRequest<?> request,
                                                @Header("X-CSRF-Token") @Nullable String token) {
    platformOnly(request);
    WebSessions.WebSession session = sessions.current(request, KIND).orElseThrow(() ->
        ApiException.forbidden("csrf", "This page expired; sign in to your dashboard instead"));
    Forms.check(request, session, token);
    Signups.Signup signup = signupId(session).flatMap(signups::find).orElseThrow(() ->
        ApiException.notFound("No registration in progress"));
    Tenant tenant = signups.tenant(signup).filter(t -> tenants.credentials(t).isPresent()).orElseThrow(() ->
        ApiException.conflict(signup.name() + " is not ready yet"));
    signups.claim(signup, tenant);
    if (!signups.takeKeys(signup)) {
      return HttpResponse.<Map<String, Object>>status(HttpStatus.GONE).body(Map.of("error", "keys_shown",
          "message", "The keys were shown once already. Rotate them from your dashboard to get new ones."));
    }
    var credentials = tenants.credentials(tenant).orElseThrow();
    Map<String, Object> keys = new LinkedHashMap<>();
    keys.put("secretKey", credentials.secretKey());
    keys.put("publishableKey", credentials.publishableKey());
    keys.put("widget", "<script src=\"" + tenant.url() + "/widget.js\" async></script>");
    keys.put("dashboard", tenant.url() + "/admin");
    keys.put("page", tenant.url() + "/");
    return HttpResponse.ok(keys).header("Cache-Control", "no-store");
  }

  private Signups.Signup current(HttpRequest<?> request) {
    return sessions.current(request, KIND).flatMap(SignupController::signupId).flatMap(signups::find)
        .orElseThrow(() -> ApiException.notFound("No registration in progress in this browser"));
  }

  private Map<String, Object> status(Signups.Signup signup) {
    Optional<Business> business = signups.resource(signup);
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("name", signup.name());
    BusinessStatus s = business.map(Business::getStatus).orElse(null);
    status.put("phase", s == null || s.phase() == null ? "Pending" : s.phase().name());
    List<Map<String, String>> conditions = s == null || s.conditions() == null ? List.of() : s.conditions().stream()
        .map(c -> Map.of("type", c.getType(), "status", c.getStatus(), "reason", String.valueOf(c.getReason()),
            "message", String.valueOf(c.getMessage()))).toList();
    status.put("conditions", conditions);
    Optional<Tenant> tenant = signups.tenant(signup).filter(t -> tenants.credentials(t).isPresent());
    boolean ready = s != null && s.phase() == BusinessStatus.Phase.Ready && tenant.isPresent();
    if (ready) {
      signups.claim(signup, tenant.get());
      status.put("url", tenant.get().url());
    }
    status.put("ready", ready);
    status.put("keysShown", signup.keysShown());
    return status;
  }

  private MutableHttpResponse<String> form(HttpStatus status, SignupForm form, Map<String, String> errors,
                                           String csrf) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("form", form);
    params.put("errors", errors);
    params.put("csrf", csrf);
    params.put("plans", PlanOffer.all(plans));
    params.put("domain", hosts.domain());
    return pages.render(status, "portal/signup.jte", params);
  }

  private void platformOnly(HttpRequest<?> request) {
    if (!hosts.platform(request.getHeaders().get("Host"))) {
      throw ApiException.notFound("Sign-up is on the platform's own address");
    }
  }

  private static Optional<UUID> signupId(WebSessions.WebSession session) {
    try {
      return session.subject() == null || session.subject().isEmpty() ? Optional.empty()
          : Optional.of(UUID.fromString(session.subject()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
