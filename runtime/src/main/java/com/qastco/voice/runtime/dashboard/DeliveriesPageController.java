package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.runtime.dashboard.OwnerSessions.Owner;
import com.qastco.voice.runtime.notifications.MailSuppressions;
import com.qastco.voice.runtime.outbox.OutboxController;
import com.qastco.voice.runtime.web.Forms;
import com.qastco.voice.runtime.web.Pages;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The dashboard's Deliveries page: what waits to reach ERPNext, the webhook or someone's mailbox, what failed for
 * good (sent again from here), and the addresses that refused mail (resumed from here).
 */
@Controller("/admin/outbox")
@Hidden
public class DeliveriesPageController {
  private final OwnerSessions owners;
  private final Pages pages;
  private final OutboxController outbox;
  private final MailSuppressions suppressions;

  public DeliveriesPageController(OwnerSessions owners, Pages pages, OutboxController outbox,
                                  MailSuppressions suppressions) {
    this.owners = owners;
    this.pages = pages;
    this.outbox = outbox;
    this.suppressions = suppressions;
  }

  @Get(produces = MediaType.TEXT_HTML)
  public HttpResponse<?> page(HttpRequest<?> request) {
    Optional<Owner> owner = owners.owner(request);
    if (owner.isEmpty()) {
      return HttpResponse.seeOther(URI.create("/admin/login"));
    }
    Map<String, Object> params = OwnerSessions.frame(owner.get(), "outbox");
    params.put("dead", outbox.list(owner.get().tenant(), "dead", null, null, 100, 0).items());
    params.put("pending", outbox.list(owner.get().tenant(), "pending", null, null, 100, 0).items());
    params.put("stopped", suppressions.list(owner.get().tenant()));
    return pages.ok("dashboard/outbox.jte", params);
  }

  @Post(value = "/{id}/redeliver", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> redeliver(HttpRequest<?> request, UUID id, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    outbox.redeliver(owner.tenant(), id);
    return HttpResponse.seeOther(URI.create("/admin/outbox"));
  }

  @Post(value = "/resume", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> resume(HttpRequest<?> request, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    suppressions.resume(owner.tenant(), form.getOrDefault("address", ""));
    return HttpResponse.seeOther(URI.create("/admin/outbox"));
  }
}
