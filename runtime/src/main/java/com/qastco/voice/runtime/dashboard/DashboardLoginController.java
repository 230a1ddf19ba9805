package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.dashboard.OwnerSessions.Owner;
import com.qastco.voice.runtime.ratelimits.ClientAddress;
import com.qastco.voice.runtime.ratelimits.RateLimits;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.web.Forms;
import com.qastco.voice.runtime.web.Pages;
import com.qastco.voice.runtime.web.WebSessions;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Signing in to a Business's dashboard (its owners' e-mail and password, on its own host) and out. */
@Controller("/admin")
@Hidden
public class DashboardLoginController {
  private static final String KIND = OwnerSessions.KIND;
  private final ClientAddress clients;
  private final Pages pages;
  private final WebSessions sessions;
  private final Owners accounts;
  private final OwnerSessions owners;
  private final RateLimits limits;

  private final io.micrometer.core.instrument.MeterRegistry meters;

  public DashboardLoginController(Pages pages, WebSessions sessions, Owners accounts, OwnerSessions owners,
                                  RateLimits limits, io.micrometer.core.instrument.MeterRegistry meters,
                                  ClientAddress clients) {
    this.clients = clients;
    this.meters = meters;
    this.pages = pages;
    this.sessions = sessions;
    this.accounts = accounts;
    this.owners = owners;
    this.limits = limits;
  }

  private Tenant tenant(HttpRequest<?> request) {
    return owners.tenant(request);
  }

  private Optional<Owner> owner(HttpRequest<?> request) {
    return owners.owner(request);
  }

  static final int ATTEMPTS_PER_ACCOUNT = 20;

  @Serdeable
  public record Login(@Nullable String email, @Nullable String password, @Nullable String _csrf) {}

  @Get(value = "/login", produces = MediaType.TEXT_HTML)
  public HttpResponse<?> loginForm(HttpRequest<?> request) {
    Tenant tenant = tenant(request);
    limits.checkAnonymousForm(clients.of(request));
    var started = sessions.start("login", tenant.businessId(), "", WebSessions.FORM);
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
    // Per address, and per account: many addresses together get no more tries at one owner's password.
    Optional<Duration> wait = limits.takeFor("login", tenant.businessId() + ":" + clients.of(request), 10,
        Duration.ofMinutes(15)).or(() -> limits.takeFor("login-account", tenant.businessId() + ":"
        + email.toLowerCase(java.util.Locale.ROOT), ATTEMPTS_PER_ACCOUNT, Duration.ofHours(1)));
    if (wait.isPresent()) {
      meters.counter("voice.web.sign.ins", "result", "rate_limited").increment();
      return pages.render(HttpStatus.TOO_MANY_REQUESTS, "dashboard/login.jte", Map.of("name", tenant.displayName(),
          "csrf", form.csrf(), "email", email, "error", "Too many attempts; please wait "
              + Math.max(1, wait.get().toMinutes()) + " minutes"));
    }
    boolean ok = accounts.check(tenant, email, login.password());
    // By outcome only: no tenant in any tag.
    meters.counter("voice.web.sign.ins", "result", ok ? "ok" : "refused").increment();
    if (!ok) {
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
}
