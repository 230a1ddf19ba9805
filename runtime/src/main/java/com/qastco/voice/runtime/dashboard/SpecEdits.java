package com.qastco.voice.runtime.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.api.validation.BusinessValidator;
import com.qastco.voice.api.validation.Violation;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.tenants.Tenant;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * The one way the dashboard changes a Business's spec: refused for a Business kept in Git, checked by the CRD's own
 * rules (as {@code kubectl apply} would), and written only over the version the owner saw (optimistic).
 */
@Singleton
public class SpecEdits {
  public static final String CHANGED_ELSEWHERE = "These settings were changed elsewhere meanwhile; here they are"
      + " as they are now. Make your change again.";
  private final KubernetesClient kubernetes;
  private final BusinessValidator validator;

  public SpecEdits(KubernetesClient kubernetes, BusinessValidator validator) {
    this.kubernetes = kubernetes;
    this.validator = validator;
  }

  /** The saved Business, or why not: the CRD's violations, or {@link #CHANGED_ELSEWHERE} as a "_form" one. */
  public record Outcome(Business business, List<Violation> violations) {
    public boolean saved() {
      return violations.isEmpty();
    }
  }

  public Business current(Tenant tenant) {
    return Optional.ofNullable(kubernetes.resources(Business.class).inNamespace(tenant.namespace())
        .withName(tenant.name()).get()).orElseThrow(() -> ApiException.notFound("The Business is gone"));
  }

  /** The Business as stored, to be changed by the dashboard; 409 for one kept in Git. */
  public Business editable(Tenant tenant) {
    Business business = current(tenant);
    if (Business.keptInGit(business)) {
      throw ApiException.conflict(tenant.displayName() + " is kept in Git: change its settings there");
    }
    return business;
  }

  /** Violations of the CRD's rules by {@code changed}, as the API server would find them. */
  public List<Violation> check(Business business, BusinessSpec changed) {
    Business proposed = Serialization.clone(business);
    proposed.setSpec(changed);
    JsonNode next = Serialization.jsonMapper().valueToTree(proposed);
    JsonNode old = Serialization.jsonMapper().valueToTree(business);
    return validator.validate(next, old);
  }

  /** Writes {@code changed} (already checked) over {@code business} if its version is still {@code seenVersion}. */
  public Outcome save(Business business, BusinessSpec changed, String seenVersion) {
    Business current = business;
    if (!current.getMetadata().getResourceVersion().equals(seenVersion)) {
      return new Outcome(current, List.of(new Violation("_form", CHANGED_ELSEWHERE)));
    }
    Business proposed = Serialization.clone(current);
    proposed.setSpec(changed);
    try {
      return new Outcome(kubernetes.resource(proposed).update(), List.of()); // the resourceVersion must still hold
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      return new Outcome(current, List.of(new Violation("_form", CHANGED_ELSEWHERE)));
    }
  }
}
