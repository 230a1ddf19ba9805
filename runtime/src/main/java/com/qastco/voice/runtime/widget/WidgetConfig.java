package com.qastco.voice.runtime.widget;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.qastco.voice.api.v1alpha1.Branding;
import com.qastco.voice.api.v1alpha1.Plan;
import com.qastco.voice.runtime.tenants.Tenant;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Locale;

/**
 * What a site needs to show a Business's voice widget: public values only (the publishable key is meant to be in
 * pages; the secret key never is).
 *
 * @param origin the connecting site's origin and whether the Business allows it (the plugin connect only)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WidgetConfig(String businessName, String subdomain, String status, String plan, String publishableKey,
                           String apiBase, String widgetScriptUrl, String voicePageUrl, Look branding,
                           SiteOrigin origin) {

  @Serdeable
  public record Look(String primaryColor, String accentColor, String logoUrl, String buttonText,
                     boolean showPoweredBy) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record SiteOrigin(String origin, boolean allowed, String fix) {}

  static WidgetConfig of(Tenant tenant, String publishableKey, SiteOrigin origin) {
    Branding b = tenant.spec().branding();
    Look look = new Look(b == null || b.primaryColor() == null ? "#1f6feb" : b.primaryColor(),
        b == null || b.accentColor() == null ? "#ffffff" : b.accentColor(), b == null ? null : b.logoUrl(),
        b == null || b.buttonText() == null ? "Talk to us" : b.buttonText(),
        b == null || b.showPoweredBy() == null || b.showPoweredBy());
    String base = tenant.url().replaceAll("/+$", "");
    return new WidgetConfig(tenant.displayName(), tenant.subdomain(), tenant.suspended() ? "suspended" : "active",
        tenant.planName(), publishableKey, base, base + "/widget.js", base + "/", look, origin);
  }
}
