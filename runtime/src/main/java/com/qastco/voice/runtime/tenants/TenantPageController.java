package com.qastco.voice.runtime.tenants;

import static com.google.common.html.HtmlEscapers.htmlEscaper;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Produces;
import io.micronaut.core.annotation.Nullable;

/**
 * The page at a tenant's host. A placeholder until the branded voice page lands: it already answers with the
 * business's name, a suspended page when it is suspended, and a clear 404 for a host no business serves.
 */
@Controller
public class TenantPageController {
  private final TenantDirectory tenants;

  public TenantPageController(TenantDirectory tenants) {
    this.tenants = tenants;
  }

  @Get
  @Produces(MediaType.TEXT_HTML)
  public HttpResponse<String> page(@Header("Host") @Nullable String host) {
    return tenants.byHost(host)
        .map(this::tenantPage)
        .orElseGet(() -> HttpResponse.<String>status(HttpStatus.NOT_FOUND)
            .body(html("No business here", "<p>No business is served at this address.</p>")));
  }

  private HttpResponse<String> tenantPage(Tenant tenant) {
    String name = htmlEscaper().escape(tenant.displayName());
    if (tenant.suspended()) {
      return HttpResponse.<String>status(HttpStatus.FORBIDDEN)
          .body(html(name, "<h1>" + name + "</h1><p>This service is suspended at the moment.</p>"));
    }
    return HttpResponse.ok(html(name, "<h1>" + name + "</h1><p>Our voice agent answers here soon.</p>"));
  }

  private static String html(String title, String body) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
        + "</title></head><body>" + body + "</body></html>";
  }
}
