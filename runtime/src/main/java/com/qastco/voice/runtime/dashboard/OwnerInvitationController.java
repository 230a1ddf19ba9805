package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.ratelimits.ClientAddress;
import com.qastco.voice.runtime.ratelimits.RateLimits;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.web.Forms;
import com.qastco.voice.runtime.web.Pages;
import com.qastco.voice.runtime.web.Passwords;
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
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The link of an owner invitation, on the Business's own host: a page to choose a password (so that a mail
 * scanner following the link uses nothing: the token is used by the POST only), then the new owner is signed in.
 */
@Controller("/admin/invitation")
@Hidden
public class OwnerInvitationController {
  static final int MIN_PASSWORD = 12;
  private static final String FORM = "invitation";
  private final OwnerSessions owners;
  private final OwnerInvitations invitations;
  private final WebSessions sessions;
  private final Pages pages;
  private final RateLimits limits;
  private final ClientAddress clients;

  public OwnerInvitationController(OwnerSessions owners, OwnerInvitations invitations, WebSessions sessions,
                                   Pages pages, RateLimits limits, ClientAddress clients) {
    this.owners = owners;
    this.invitations = invitations;
    this.sessions = sessions;
    this.pages = pages;
    this.limits = limits;
    this.clients = clients;
  }

  @Get(produces = MediaType.TEXT_HTML)
  public HttpResponse<?> page(HttpRequest<?> request, @QueryValue @Nullable String token) {
    Tenant tenant = owners.tenant(request);
    limits.checkAnonymousForm(clients.of(request));
    Optional<String> email = invitations.open(tenant, token);
    if (email.isEmpty()) {
      throw gone(tenant);
    }
    var started = sessions.start(FORM, tenant.businessId(), "", WebSessions.FORM);
    return pages.ok("dashboard/invitation.jte", params(tenant, email.get(), token, started.getKey().csrf(), ""))
        .cookie(started.getValue());
  }

  @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  public HttpResponse<?> accept(HttpRequest<?> request, @Body Map<String, String> posted) {
    Tenant tenant = owners.tenant(request);
    WebSessions.WebSession form = sessions.current(request, FORM)
        .filter(s -> tenant.businessId().equals(s.businessId())).orElseThrow(() ->
            ApiException.forbidden("csrf", "This page expired; open the link from the invitation again"));
    Forms.check(request, form, posted.get("_csrf"));
    String token = posted.getOrDefault("token", "");
    String password = posted.getOrDefault("password", "");
    Optional<String> email = invitations.open(tenant, token);
    if (email.isEmpty()) {
      throw gone(tenant);
    }
    String error = password.length() < MIN_PASSWORD ? "Choose a password of at least " + MIN_PASSWORD
        + " characters" : password.length() > Passwords.MAX_LENGTH ? "That password is too long"
        : !password.equals(posted.getOrDefault("repeat", "")) ? "The two passwords differ" : "";
    if (!error.isEmpty()) {
      return pages.render(HttpStatus.UNPROCESSABLE_ENTITY, "dashboard/invitation.jte",
          params(tenant, email.get(), token, form.csrf(), error));
    }
    Optional<String> owner = invitations.accept(tenant, token, password);
    if (owner.isEmpty()) {
      throw gone(tenant); // used by another post in the meantime
    }
    sessions.end(form);
    var signedIn = sessions.start(OwnerSessions.KIND, tenant.businessId(), owner.get());
    return HttpResponse.seeOther(URI.create("/admin")).cookie(signedIn.getValue());
  }

  private static Map<String, Object> params(Tenant tenant, String email, String token, String csrf, String error) {
    return Map.of("name", tenant.displayName(), "email", email, "token", token == null ? "" : token, "csrf", csrf,
        "error", error);
  }

  private static ApiException gone(Tenant tenant) {
    return new ApiException(HttpStatus.GONE, "invitation_used", "This invitation to " + tenant.displayName()
        + " was used already, replaced by a newer one, or has expired; ask the platform's operators for a new one");
  }
}
