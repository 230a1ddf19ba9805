package com.qastco.voice.runtime.platformadmin;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.billing.BillingStatement;
import com.qastco.voice.runtime.dashboard.OwnerInvitations;
import com.qastco.voice.runtime.mail.Mailer;
import com.qastco.voice.runtime.ratelimits.ClientAddress;
import com.qastco.voice.runtime.ratelimits.RateLimits;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.web.Forms;
import com.qastco.voice.runtime.web.Hosts;
import com.qastco.voice.runtime.web.Pages;
import com.qastco.voice.runtime.web.Passwords;
import com.qastco.voice.runtime.web.WebSessions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The platform admin at {@code admin.<domain>/platform}: every Business with its phase, conditions and usage,
 * search, suspend / resume through the spec (a Business kept in Git is changed there, not here), and the phone
 * numbers the platform assigns.
 */
@Controller("/platform")
@Hidden
public class PlatformAdminController {
  private static final String KIND = "admin";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PlatformAdminController.class);
  private final ClientAddress clients;
  private final Hosts hosts;
  private final Pages pages;
  private final WebSessions sessions;
  private final AdminConfig config;
  private final RateLimits limits;
  private final KubernetesClient kubernetes;
  private final BillingStatement statements;
  private final NumberAssignments numbers;
  private final TenantDirectory directory;

  private final OwnerInvitations invitations;
  private final Mailer mailer;

  public PlatformAdminController(Hosts hosts, Pages pages, WebSessions sessions, AdminConfig config,
                                 RateLimits limits, KubernetesClient kubernetes, BillingStatement statements,
                                 NumberAssignments numbers, TenantDirectory directory, ClientAddress clients,
                                 OwnerInvitations invitations, @Nullable Mailer mailer) {
    this.invitations = invitations;
    this.mailer = mailer;
    this.clients = clients;
    this.numbers = numbers;
    this.directory = directory;
    this.hosts = hosts;
    this.pages = pages;
    this.sessions = sessions;
    this.config = config;
    this.limits = limits;
    this.kubernetes = kubernetes;
    this.statements = statements;
  }

  /** A row of the list: the Business, what is not working, and its usage this period. */
  public record Row(String name, String displayName, String subdomain, String type, String plan, String phase,
                    List<String> problems, String usage, boolean suspended, boolean gitops, String url,
                    boolean provisioned, List<String> phoneNumbers) {}

  @io.micronaut.serde.annotation.Serdeable
  public record Login(@Nullable String email, @Nullable String password, @Nullable String _csrf) {}

  private void adminHost(HttpRequest<?> request) {
    if (!hosts.admin(request.getHeaders().get("Host"))) {
      throw ApiException.notFound("The platform admin is at admin." + hosts.domain());
    }
  }

  private Optional<WebSessions.WebSession> admin(HttpRequest<?> request) {
    adminHost(request);
    return sessions.current(request, KIND);
  }

  @Get(value = "/login", produces = MediaType.TEXT_HTML)
  public HttpResponse<?> loginForm(HttpRequest<?> request) {
    adminHost(request);
    limits.checkAnonymousForm(clients.of(request));
    var started = sessions.start("admin-login", null, "", WebSessions.FORM);
    return pages.ok("platform/login.jte", Map.of("csrf", started.getKey().csrf(), "error",
        config.configured() ? "" : "The platform admin is not set up: set VOICE_ADMIN_EMAIL and"
            + " VOICE_ADMIN_PASSWORD_HASH (a BCrypt hash) on the runtime.")).cookie(started.getValue());
  }

  @Post(value = "/login", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  public HttpResponse<?> login(HttpRequest<?> request, @Body Login login) {
    adminHost(request);
    WebSessions.WebSession form = sessions.current(request, "admin-login").orElseThrow(() ->
        ApiException.forbidden("csrf", "This form expired; reload the page and try again"));
    Forms.check(request, form, login._csrf());
    Optional<Duration> wait = limits.takeFor("admin-login", clients.of(request), 10, Duration.ofMinutes(15));
    boolean ok = wait.isEmpty() && config.configured() && login.email() != null
        && Passwords.matches(login.password(), config.getPasswordHash())
        && config.getEmail().equalsIgnoreCase(login.email().trim());
    if (!ok) {
      return pages.render(wait.isPresent() ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.UNAUTHORIZED,
          "platform/login.jte", Map.of("csrf", form.csrf(), "error", wait.isPresent()
              ? "Too many attempts; please wait a few minutes" : "That e-mail and password are not the admin's"));
    }
    sessions.end(form);
    var signedIn = sessions.start(KIND, null, config.getEmail());
    return HttpResponse.seeOther(URI.create("/platform")).cookie(signedIn.getValue());
  }

  @Get(produces = MediaType.TEXT_HTML)
  public HttpResponse<?> businesses(HttpRequest<?> request, @QueryValue @Nullable String q) {
    Optional<WebSessions.WebSession> admin = admin(request);
    if (admin.isEmpty()) {
      return HttpResponse.seeOther(URI.create("/platform/login"));
    }
    String search = q == null ? "" : q.trim().toLowerCase(Locale.ROOT);
    List<Row> rows = kubernetes.resources(Business.class).inNamespace(kubernetes.getNamespace()).list().getItems()
        .stream().filter(b -> b.getSpec() != null && (search.isEmpty() || matches(b, search)))
        .sorted(java.util.Comparator.comparing(b -> b.getMetadata().getName())).map(this::row).toList();
    return pages.ok("platform/businesses.jte", Map.of("rows", rows, "q", search, "csrf", admin.get().csrf()));
  }

  /** Suspends or resumes a Business through its spec; the operator does the rest. */
  @Post(value = "/businesses/{name}/{action}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> suspend(HttpRequest<?> request, String name, String action, @Body Map<String, String> form) {
    WebSessions.WebSession admin = admin(request).orElseThrow(() ->
        ApiException.unauthorized("Sign in as the platform admin first"));
    Forms.check(request, admin, form.get("_csrf"));
    if (!action.equals("suspend") && !action.equals("resume")) {
      throw ApiException.notFound("No such action");
    }
    var resource = kubernetes.resources(Business.class).inNamespace(kubernetes.getNamespace()).withName(name);
    Business business = Optional.ofNullable(resource.get()).orElseThrow(() -> ApiException.notFound("No Business "
        + name));
    if (Business.keptInGit(business)) {
      throw ApiException.conflict(name + " is managed in Git: set spec.suspended there");
    }
    boolean suspended = action.equals("suspend");
    resource.edit(b -> {
      BusinessSpec s = b.getSpec();
      b.setSpec(s.withSuspended(suspended));
      return b;
    });
    return HttpResponse.seeOther(URI.create("/platform"));
  }

  /**
   * Assigns a phone number to a Business, or releases it: the only way a number comes to route calls (a tenant's
   * spec only asks). Also for a Business kept in Git: numbers are the platform's, not the Business's settings.
   */
  @Post(value = "/businesses/{name}/numbers/{action}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> number(HttpRequest<?> request, String name, String action,
                                @Body Map<String, String> form) {
    WebSessions.WebSession admin = admin(request).orElseThrow(() ->
        ApiException.unauthorized("Sign in as the platform admin first"));
    Forms.check(request, admin, form.get("_csrf"));
    Tenant tenant = directory.all().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() ->
        ApiException.notFound("No provisioned Business " + name + " (a number goes to a Business with an id)"));
    switch (action) {
      case "assign" -> numbers.assign(tenant, form.getOrDefault("number", ""));
      case "release" -> numbers.release(tenant, form.getOrDefault("number", ""));
      default -> throw ApiException.notFound("No such action");
    }
    return HttpResponse.seeOther(URI.create("/platform"));
  }

  /**
   * Invites an owner to a Business, for one made with kubectl or kept in Git (or a second owner): the link is
   * e-mailed when the platform sends mail, and shown here, to be passed on, when it does not.
   */
  @Post(value = "/businesses/{name}/owners", consumes = MediaType.APPLICATION_FORM_URLENCODED,
      produces = MediaType.TEXT_HTML)
  public HttpResponse<?> inviteOwner(HttpRequest<?> request, String name, @Body Map<String, String> form) {
    WebSessions.WebSession admin = admin(request).orElseThrow(() ->
        ApiException.unauthorized("Sign in as the platform admin first"));
    Forms.check(request, admin, form.get("_csrf"));
    Tenant tenant = directory.all().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() ->
        ApiException.notFound("No provisioned Business " + name + " (an owner is invited to a Business with an id)"));
    String email = form.getOrDefault("email", "").trim();
    if (email.length() > 254 || !email.matches(com.qastco.voice.api.v1alpha1.Validation.EMAIL)) {
      throw ApiException.badRequest("Give the e-mail address of the person to invite as an owner");
    }
    String link = tenant.url() + "/admin/invitation?token=" + invitations.invite(tenant, email);
    String sent = null;
    if (mailer != null) {
      try {
        mailer.send(new Mailer.Mail(email, "You are invited to run " + tenant.displayName() + "'s voice agent",
            "You are invited to become an owner of " + tenant.displayName() + "'s voice agent. Choose your"
                + " password here within " + OwnerInvitations.VALID_FOR.toDays() + " days:\n\n" + link
                + "\n\nIf you did not expect this, ignore this e-mail."));
        sent = email;
      } catch (Mailer.MailException e) {
        LOG.warn("Invitation e-mail to an owner of {} not sent: {}", tenant.name(), e.getMessage());
      }
    }
    Map<String, Object> params = new java.util.HashMap<>();
    params.put("business", tenant.displayName());
    params.put("email", email.toLowerCase(Locale.ROOT));
    params.put("sent", sent != null);
    params.put("link", sent != null ? "" : link);
    params.put("days", OwnerInvitations.VALID_FOR.toDays());
    return pages.ok("platform/invitation.jte", params);
  }

  private Row row(Business b) {
    BusinessSpec s = b.getSpec();
    var status = b.getStatus();
    List<String> problems = status == null || status.conditions() == null ? List.of("not provisioned yet")
        : status.conditions().stream().filter(c -> !"True".equals(c.getStatus())
            && !"NotConfigured".equals(c.getReason()) && !"Suspended".equals(c.getType()))
        .map(c -> c.getType() + ": " + c.getReason()).toList();
    String usage = Tenant.of(b).map(t -> {
      BillingStatement.Statement st = statements.of(t);
      return st.usedSessions() + (st.includedSessions() == null ? "" : " / " + st.includedSessions()) + " sessions";
    }).orElse("—");
    return new Row(b.getMetadata().getName(), s.displayName(), s.subdomain(), s.type() == null ? "custom"
        : s.type().name().toLowerCase(Locale.ROOT), s.plan() == null ? "starter"
        : s.plan().name().toLowerCase(Locale.ROOT), status == null || status.phase() == null ? "Pending"
        : status.phase().name(), problems, usage, s.suspendedOrFalse(), Business.keptInGit(b),
        status == null ? null : status.url(), Tenant.of(b).isPresent(),
        Tenant.of(b).map(directory::phoneNumbers).orElse(List.of()));
  }

  private static boolean matches(Business b, String search) {
    BusinessSpec s = b.getSpec();
    return b.getMetadata().getName().contains(search)
        || s.displayName() != null && s.displayName().toLowerCase(Locale.ROOT).contains(search)
        || s.subdomain() != null && s.subdomain().contains(search)
        || s.contact() != null && s.contact().email() != null && s.contact().email().toLowerCase(Locale.ROOT)
        .contains(search);
  }
}
