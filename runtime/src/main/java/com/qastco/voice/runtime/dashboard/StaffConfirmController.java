package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.notifications.StaffAddresses;
import com.qastco.voice.runtime.ratelimits.ClientAddress;
import com.qastco.voice.runtime.ratelimits.RateLimits;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.web.Forms;
import com.qastco.voice.runtime.web.Pages;
import com.qastco.voice.runtime.web.WebSessions;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
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
import java.util.Map;
import java.util.Optional;

/**
 * The link in a staff invitation, on the Business's host: a page with Confirm and No (a mail scanner following the
 * link decides nothing; the token is used by the POST only, once).
 */
@Controller("/staff/confirm")
@Hidden
public class StaffConfirmController {
  private static final String KIND = "staff-confirm";
  private final TenantDirectory tenants;
  private final StaffAddresses addresses;
  private final Pages pages;
  private final WebSessions sessions;
  private final RateLimits limits;
  private final ClientAddress clients;

  public StaffConfirmController(TenantDirectory tenants, StaffAddresses addresses, Pages pages, WebSessions sessions,
                                RateLimits limits, ClientAddress clients) {
    this.tenants = tenants;
    this.addresses = addresses;
    this.pages = pages;
    this.sessions = sessions;
    this.limits = limits;
    this.clients = clients;
  }

  @Get(produces = MediaType.TEXT_HTML)
  public HttpResponse<?> page(HttpRequest<?> request, @QueryValue @Nullable String token) {
    Tenant tenant = tenant(request);
    limits.checkAnonymousForm(clients.of(request));
    var started = sessions.start(KIND, tenant.businessId(), "", WebSessions.FORM);
    return pages.ok("dashboard/staff-confirm.jte", Map.of("name", tenant.displayName(), "token", token == null ? ""
        : token, "csrf", started.getKey().csrf(), "done", "")).cookie(started.getValue());
  }

  @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  public HttpResponse<?> decide(HttpRequest<?> request, @Body Map<String, String> posted) {
    Tenant tenant = tenant(request);
    WebSessions.WebSession session = sessions.current(request, KIND)
        .filter(s -> tenant.businessId().equals(s.businessId()))
        .orElseThrow(() -> ApiException.forbidden("csrf", "This page expired; open the link from the e-mail again"));
    Forms.check(request, session, posted.get("_csrf"));
    boolean yes = "confirm".equals(posted.get("decision"));
    Optional<String> address = yes ? addresses.confirm(tenant, posted.get("token"))
        : addresses.decline(tenant, posted.get("token"));
    if (address.isEmpty()) {
      throw new ApiException(HttpStatus.GONE, "link_used", "This link was used already or has expired");
    }
    sessions.end(session);
    return pages.ok("dashboard/staff-confirm.jte", Map.of("name", tenant.displayName(), "token", "", "csrf", "",
        "done", yes ? address.get() + " will get " + tenant.displayName() + "'s staff e-mail."
            : address.get() + " will get nothing more from " + tenant.displayName() + "."));
  }

  private Tenant tenant(HttpRequest<?> request) {
    return tenants.byHost(request.getHeaders().get(HttpHeaders.HOST, String.class).orElse(""))
        .orElseThrow(() -> ApiException.notFound("No business here"));
  }
}
