package com.qastco.voice.operator.external;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.Integration;
import com.qastco.voice.api.v1alpha1.Integrations;
import com.qastco.voice.api.v1alpha1.IntegrationsStatus;
import java.util.Optional;

/**
 * One thing the operator provisions outside the cluster for a Business (a Redis user, an ERPNext company, an
 * Ultravox agent, a Stripe subscription). Provisioning and removal block and may take a minute; the
 * {@link ExternalProvisioner} runs them off the reconcile thread, one system's pool apart from the others.
 *
 * <p>{@link #provision} must be safe to repeat: it finds what an earlier, interrupted attempt created (by name,
 * metadata or idempotency key) before creating anything.
 *
 * @param <D> what the part should look like: a record whose equality says whether anything changed
 * @param <R> the ids the part reports in the Business's status
 */
public interface ExternalPart<D, R> {

  /** The external system, as named in conditions and messages: "Redis", "ERPNext"… */
  String system();

  /** The condition type in the Business status, e.g. RedisReady. */
  String condition();

  /** Why the part is off for this Business (platform not configured for it, or disabled in the spec). */
  Optional<Off> off(Business business);

  /** What the part should look like for this Business now. */
  D desired(Business business, Inputs inputs);

  /** Makes it so; returns the ids to show in status and a one-line description. */
  Provisioned<R> provision(Business business, D desired, R previous) throws Exception;

  /** Removes (or, by the Business's deletion policy, retains) what was provisioned; a no-op when nothing was. */
  String remove(Business business, R previous) throws Exception;

  /** This part's ids in a status. */
  R idsIn(IntegrationsStatus status);

  IntegrationsStatus withIds(IntegrationsStatus status, R ids);

  /** What a part needs from the rest of the reconcile. */
  record Inputs(String businessId, String tenantUrl, String redisPassword) {
    @Override
    public String toString() {
      return "Inputs[businessId=" + businessId + ", tenantUrl=" + tenantUrl + "]";
    }
  }

  record Provisioned<R>(R ids, String message) {}

  /** A part that is switched off; {@code reason} is NotConfigured or Disabled. */
  record Off(String reason, String message) {
    /**
     * Disabled when the Business's spec says so, NotConfigured while the platform Secret lacks any of
     * {@code keys} ({@code lacking} says what that means, e.g. "The platform has no Redis").
     */
    static Optional<Off> check(Business business, String system, PlatformSecret platform, String lacking,
                               String... keys) {
      if (integration(business, system).map(i -> Boolean.FALSE.equals(i.enabled())).orElse(false)) {
        return Optional.of(new Off("Disabled", "spec.integrations." + system + ".enabled is false"));
      }
      java.util.List<String> missing = platform.current().missing(keys);
      return missing.isEmpty() ? Optional.empty() : Optional.of(new Off("NotConfigured",
          lacking + ": set " + String.join(", ", missing) + " in Secret " + platform.name()));
    }
  }

  /** The Business's settings for one system ({@code redis}, {@code erpnext}, {@code ultravox}, {@code stripe}). */
  static Optional<Integration> integration(Business business, String system) {
    Integrations all = business.getSpec().integrations();
    if (all == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(switch (system) {
      case "redis" -> all.redis();
      case "erpnext" -> all.erpnext();
      case "ultravox" -> all.ultravox();
      case "stripe" -> all.stripe();
      default -> throw new IllegalArgumentException(system);
    });
  }

  /** Whether the Business asked for what this system holds to be deleted with it (default: retained). */
  static boolean deleteOnRemoval(Business business, String system) {
    return integration(business, system).map(i -> i.deletionPolicy() == Integration.DeletionPolicy.DELETE)
        .orElse(false);
  }
}
