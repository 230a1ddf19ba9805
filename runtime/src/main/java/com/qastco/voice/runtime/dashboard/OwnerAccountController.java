package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.runtime.dashboard.OwnerSessions.Owner;
import com.qastco.voice.runtime.web.Forms;
import com.qastco.voice.runtime.web.Pages;
import com.qastco.voice.runtime.web.WebSessions;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The signed-in owner's own account: a new password, and signing out everywhere. Either ends every session of
 * that owner (a stolen cookie stops working); a password change keeps this browser signed in with a new session.
 */
@Controller("/admin/account")
@Hidden
public class OwnerAccountController {
  static final int MIN_PASSWORD = 12;
  private final Pages pages;
  private final OwnerSessions owners;
  private final Owners accounts;
  private final WebSessions sessions;

  public OwnerAccountController(Pages pages, OwnerSessions owners, Owners accounts, WebSessions sessions) {
    this.pages = pages;
    this.owners = owners;
    this.accounts = accounts;
    this.sessions = sessions;
  }

  @Get(produces = MediaType.TEXT_HTML)
  public HttpResponse<?> page(HttpRequest<?> request, @QueryValue @Nullable String changed) {
    Optional<Owner> owner = owners.owner(request);
    if (owner.isEmpty()) {
      return HttpResponse.seeOther(URI.create("/admin/login"));
    }
    return render(HttpStatus.OK, owner.get(), "", changed != null ? "Your password is changed; every other"
        + " session was signed out." : "");
  }

  private HttpResponse<?> render(HttpStatus status, Owner owner, String error, String notice) {
    Map<String, Object> params = OwnerSessions.frame(owner, "account");
    params.put("email", owner.session().subject());
    params.put("error", error);
    params.put("notice", notice);
    return pages.render(status, "dashboard/account.jte", params).header("Cache-Control", "no-store");
  }

  @Post(value = "/password", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  public HttpResponse<?> changePassword(HttpRequest<?> request, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    String current = form.getOrDefault("current", "");
    String next = form.getOrDefault("password", "");
    if (!accounts.check(owner.tenant(), owner.session().subject(), current)) {
      return render(HttpStatus.UNPROCESSABLE_ENTITY, owner, "The current password is not right", "");
    }
    if (next.length() < MIN_PASSWORD) {
      return render(HttpStatus.UNPROCESSABLE_ENTITY, owner, "The new password needs at least " + MIN_PASSWORD
          + " characters", "");
    }
    if (!next.equals(form.getOrDefault("confirm", ""))) {
      return render(HttpStatus.UNPROCESSABLE_ENTITY, owner, "The new password and its repetition differ", "");
    }
    accounts.add(owner.tenant(), owner.session().subject(), next);
    sessions.endAll(OwnerSessions.KIND, owner.tenant().businessId(), owner.session().subject());
    var fresh = sessions.start(OwnerSessions.KIND, owner.tenant().businessId(), owner.session().subject());
    return HttpResponse.seeOther(URI.create("/admin/account?changed")).cookie(fresh.getValue());
  }

  @Post(value = "/sign-out-everywhere", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> signOutEverywhere(HttpRequest<?> request, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    sessions.endAll(OwnerSessions.KIND, owner.tenant().businessId(), owner.session().subject());
    return HttpResponse.seeOther(URI.create("/admin/login")).cookie(sessions.cleared());
  }
}
