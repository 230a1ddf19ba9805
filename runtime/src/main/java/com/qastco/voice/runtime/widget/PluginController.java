package com.qastco.voice.runtime.widget;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * For the WordPress plugin (and any site builder): with the Business's secret key, server to server, the widget
 * configuration to store, and whether the site's origin may start sessions, with the exact fix when it may not.
 */
@Controller("/api/v1/plugin")
public class PluginController {
  private final TenantDirectory tenants;

  public PluginController(TenantDirectory tenants) {
    this.tenants = tenants;
  }

  @Serdeable
  public record ConnectRequest(@NotBlank @Size(max = 2048) String siteUrl, @Nullable @Size(max = 100) String siteName) {}

  @Operation(summary = "Connect a site: its widget configuration, and whether its origin is allowed")
  @Post("/connect")
  public WidgetConfig connect(Tenant tenant, @Body @Valid ConnectRequest request) {
    String origin = origin(request.siteUrl());
    boolean allowed = origin.equals(origin(tenant.url())) || tenant.allowedOrigins().contains(origin);
    String fix = allowed ? null : origin.startsWith("http://")
        ? "Serve " + request.siteUrl() + " over HTTPS: the widget only runs on https:// sites (and the business's"
            + " own address)"
        : "Add \"" + origin + "\" to spec.widget.allowedOrigins of Business " + tenant.name() + " (namespace "
            + tenant.namespace() + "), then connect again";
    String publishableKey = tenants.credentials(tenant).map(c -> c.publishableKey())
        .orElseThrow(() -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "keys_not_ready",
            "The business's keys are being issued; try again in a minute"));
    return WidgetConfig.of(tenant, publishableKey, new WidgetConfig.SiteOrigin(origin, allowed, fix));
  }

  /** scheme://host[:port] as a browser sends it in Origin (no default port, lower case). */
  static String origin(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw ApiException.badRequest("siteUrl is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
      throw ApiException.badRequest("siteUrl must be the site's address, like https://www.example.com");
    }
    int port = uri.getPort();
    boolean defaultPort = port == -1 || scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80;
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
  }
}
