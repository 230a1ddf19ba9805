package com.qastco.voice.operator.external;

import com.qastco.voice.api.v1alpha1.Business;
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
  record Off(String reason, String message) {}
}
