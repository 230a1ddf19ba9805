package com.qastco.voice.runtime.tenants;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.api.v1alpha1.Hours;
import com.qastco.voice.api.v1alpha1.OpeningHours;
import com.qastco.voice.api.v1alpha1.Plan;
import com.qastco.voice.integrations.redis.TenantAcl;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A Business as the runtime serves it: known once the operator has given it a business id.
 *
 * @param agentId its Ultravox agent, once the operator made one; calls start from it
 * @param stripeCustomerId its Stripe customer, once the operator made one; overage is metered to it
 */
public record Tenant(UUID businessId, String namespace, String name, String subdomain, String url,
                     BusinessSpec spec, String agentId, String stripeCustomerId) {

  public static Optional<Tenant> of(Business business) {
    if (business.getStatus() == null || business.getStatus().businessId() == null || business.getSpec() == null) {
      return Optional.empty();
    }
    UUID id;
    try {
      id = UUID.fromString(business.getStatus().businessId());
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not written by the operator: not a tenant the runtime can serve
    }
    var integrations = business.getStatus().integrations();
    String agentId = integrations == null || integrations.ultravox() == null ? null
        : integrations.ultravox().agentId();
    String customerId = integrations == null || integrations.stripe() == null ? null
        : integrations.stripe().customerId();
    return Optional.of(new Tenant(id, business.getMetadata().getNamespace(), business.getMetadata().getName(),
        business.getSpec().subdomain(), business.getStatus().url(), business.getSpec(), agentId, customerId));
  }

  public Plan plan() {
    return spec.plan() == null ? Plan.STARTER : spec.plan();
  }

  /** The plan as configuration and Stripe's metadata name it ({@code starter}, …). */
  public String planName() {
    return plan().name().toLowerCase(Locale.ROOT);
  }

  public boolean suspended() {
    return spec.suspendedOrFalse();
  }

  public String displayName() {
    return spec.displayName();
  }

  public List<String> allowedOrigins() {
    return spec.widget() == null || spec.widget().allowedOrigins() == null ? List.of() : spec.widget().allowedOrigins();
  }

  /** Where the Business wants its events (orders, appointments, tickets) sent, if anywhere. */
  public String webhookUrl() {
    return spec.notifications() == null ? null : spec.notifications().webhookUrl();
  }

  public ZoneId zone() {
    return spec.locale() == null || spec.locale().timeZone() == null ? ZoneId.of("UTC")
        : ZoneId.of(spec.locale().timeZone());
  }

  public String currency() {
    return spec.locale() == null || spec.locale().currency() == null ? "USD" : spec.locale().currency();
  }

  /** The week's opening hours as a sentence a caller can hear (said by the agent, the phone line and the page). */
  public String schedule() {
    Hours hours = spec.hours();
    List<OpeningHours> weekly = hours == null || hours.weekly() == null ? List.of() : hours.weekly();
    return weekly.isEmpty() ? "No opening hours are set."
        : weekly.stream().map(h -> capitalized(h.day().name()) + " " + h.open() + "–" + h.close())
            .collect(Collectors.joining(", ")) + " (" + zone().getId() + " time).";
  }

  private static String capitalized(String day) {
    return day.charAt(0) + day.substring(1).toLowerCase(Locale.ROOT);
  }

  /** Redis keys of this tenant live under this prefix (its business id); the braces keep them on one cluster slot. */
  public String redisPrefix() {
    return TenantAcl.prefixOf(businessId.toString());
  }
}
