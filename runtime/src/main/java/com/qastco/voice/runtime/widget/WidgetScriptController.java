package com.qastco.voice.runtime.widget;

import com.qastco.voice.integrations.Json;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /widget.js} on a Business's host: one script any site can include. It carries the Business's public
 * settings (name, colours, publishable key, where its API is), draws the button, starts a session with the
 * publishable key when clicked and opens the voice page, or says why it can't (closed, over the limit, voice not
 * configured: the API's own message).
 */
@Controller
public class WidgetScriptController {
  private static final String JAVASCRIPT = "application/javascript";
  private final TenantDirectory tenants;
  private final String template;

  public WidgetScriptController(TenantDirectory tenants) {
    this.tenants = tenants;
    try (InputStream in = WidgetScriptController.class.getResourceAsStream("/widget/widget.js")) {
      this.template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Get("/widget.js")
  @Produces(JAVASCRIPT)
  public HttpResponse<String> script(@Header(HttpHeaders.HOST) @Nullable String host) {
    Tenant tenant = tenants.byHost(host).orElse(null);
    if (tenant == null) {
      return HttpResponse.<String>status(HttpStatus.NOT_FOUND).contentType(JAVASCRIPT)
          .body("/* No business is served at this address. */\n");
    }
    String key = tenants.credentials(tenant).map(c -> c.publishableKey()).orElse(null);
    return HttpResponse.ok(template.replace("/*CONFIG*/{}", scriptJson(WidgetConfig.of(tenant, key, null))))
        .contentType(JAVASCRIPT)
        // Short: a rotated key or new colours reach every site within minutes.
        .header(HttpHeaders.CACHE_CONTROL, "public, max-age=300")
        .header("X-Content-Type-Options", "nosniff");
  }

  /** JSON that is also safe inside an HTML script element and a JavaScript source. */
  static String scriptJson(Object value) {
    return Json.write(value).replace("<", "\\u003c").replace(">", "\\u003e")
        .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
  }
}
