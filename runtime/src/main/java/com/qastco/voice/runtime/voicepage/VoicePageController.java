package com.qastco.voice.runtime.voicepage;

import com.qastco.voice.api.v1alpha1.Branding;
import com.qastco.voice.api.v1alpha1.BusinessType;
import com.qastco.voice.runtime.plans.PlanLimits;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.ultravox.UltravoxConfig;
import com.qastco.voice.runtime.web.Hosts;
import com.qastco.voice.runtime.web.Pages;
import com.qastco.voice.runtime.web.WebConfig;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * The front door of every host: a Business's branded voice page on its own host, the platform admin on
 * {@code admin.<domain>}, the landing page with sign-up on the platform's, and a plain 404 elsewhere. Plus each
 * Business's colours as a stylesheet, so no page carries inline styles.
 */
@Controller
@Hidden
public class VoicePageController {
  private final Hosts hosts;
  private final TenantDirectory tenants;
  private final Pages pages;
  private final UltravoxConfig ultravox;
  private final WebConfig web;
  private final Clock clock;
  private final PlanLimits limits;

  private final com.qastco.voice.runtime.status.StatusPage statusPage;

  public VoicePageController(Hosts hosts, TenantDirectory tenants, Pages pages, UltravoxConfig ultravox,
                             WebConfig web, Clock clock, PlanLimits limits,
                             com.qastco.voice.runtime.status.StatusPage statusPage) {
    this.statusPage = statusPage;
    this.limits = limits;
    this.hosts = hosts;
    this.tenants = tenants;
    this.pages = pages;
    this.ultravox = ultravox;
    this.web = web;
    this.clock = clock;
  }

  @Get
  @Produces(MediaType.TEXT_HTML)
  public HttpResponse<?> front(@Header("Host") @Nullable String host) {
    if (hosts.admin(host)) {
      return HttpResponse.seeOther(URI.create("/platform"));
    }
    if (hosts.status(host)) {
      return statusPage.render();
    }
    if (hosts.platform(host)) {
      return pages.ok("portal/landing.jte", Map.of("plans", com.qastco.voice.runtime.portal.PlanOffer.all(limits)));
    }
    return hosts.tenant(host).<HttpResponse<?>>map(this::voicePage).orElseGet(() ->
        pages.render(HttpStatus.NOT_FOUND, "voice/unavailable.jte", Map.of("title", "No business here",
            "message", "No business is served at this address.")));
  }

  private HttpResponse<?> voicePage(Tenant tenant) {
    if (tenant.suspended()) {
      return pages.render(HttpStatus.FORBIDDEN, "voice/unavailable.jte", Map.of("title", tenant.displayName(),
          "message", tenant.displayName() + " is not taking calls here at the moment (the service is suspended)."));
    }
    Branding branding = tenant.spec().branding();
    var hours = tenant.spec().hours();
    ZonedDateTime now = ZonedDateTime.now(clock.withZone(tenant.zone()));
    boolean open = hours != null && hours.openAt(now);
    boolean refusing = hours != null && hours.refusesCallsAt(now);
    String key = tenants.credentials(tenant).map(c -> c.publishableKey()).orElse(null);
    String notice = null;
    boolean voice = ultravox.configured() && web.getUltravoxSdkUrl() != null && key != null;
    if (!ultravox.configured()) {
      notice = "Voice calls are not available yet: this platform has no voice provider configured.";
    } else if (web.getUltravoxSdkUrl() == null) {
      notice = "Voice calls in the browser are not available yet: this platform has not set where its voice"
          + " client is served from.";
    } else if (key == null) {
      notice = "Voice calls start here as soon as " + tenant.displayName() + " is fully set up.";
    } else if (refusing) {
      notice = tenant.displayName() + " is closed right now and takes calls during its opening hours.";
      voice = false;
    }
    boolean hidePoweredBy = branding != null && Boolean.FALSE.equals(branding.showPoweredBy());
    VoicePage page = new VoicePage(tenant.displayName(), type(tenant),
        branding == null ? null : branding.logoUrl(),
        branding == null || branding.buttonText() == null ? "Talk to us" : branding.buttonText(), open,
        tenant.schedule(), notice, voice, key, web.getUltravoxSdkUrl(), liveTitle(tenant),
        !hidePoweredBy, tenant.zone().getId(), String.join(" ", web.getCallHosts()));
    return pages.ok("voice/page.jte", Map.of("page", page));
  }

  /** The Business's colours (validated hex values in its spec), for its pages. */
  @Get(value = "/brand.css", produces = "text/css")
  public HttpResponse<String> brand(@Header("Host") @Nullable String host) {
    return hosts.tenant(host).map(t -> {
      Branding b = t.spec().branding();
      String primary = b == null || b.primaryColor() == null ? "#1f4fd1" : b.primaryColor();
      String accent = b == null || b.accentColor() == null ? "#ffffff" : b.accentColor();
      return HttpResponse.ok(":root{--brand:" + primary + ";--on-brand:" + accent + "}\n")
          .contentType("text/css");
    }).orElseGet(() -> HttpResponse.<String>notFound().contentType("text/css"));
  }

  private static String type(Tenant tenant) {
    BusinessType type = tenant.spec().type();
    return type == null ? "custom" : type.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String liveTitle(Tenant tenant) {
    return switch (type(tenant)) {
      case "restaurant" -> "Your order";
      case "appointment" -> "Your appointment";
      case "support" -> "Your ticket";
      default -> "What we noted";
    };
  }
}
