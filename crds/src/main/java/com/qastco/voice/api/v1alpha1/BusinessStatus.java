package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What the operator observed and provisioned; written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BusinessStatus(
    Long observedGeneration,
    @JsonPropertyDescription("Provisioning, Ready, Suspended or SubdomainConflict.")
    Phase phase,
    List<Condition> conditions,
    @JsonPropertyDescription("Stable id of this business, kept across renames and restores.")
    String businessId,
    @JsonPropertyDescription("The subdomain this Business holds; empty while another Business holds it.")
    String subdomain,
    String url,
    List<String> hosts,
    String credentialsSecret,
    @JsonPropertyDescription("Ids and creation times of the valid API keys; never the keys themselves.")
    List<ApiKeyStatus> keys,
    String ingress,
    List<String> certificates,
    IntegrationsStatus integrations,
    @JsonPropertyDescription("Custom domains this Business proved it owns (a DNS TXT record); only these are routed.")
    List<String> verifiedDomains) {

  public BusinessStatus withPhase(Phase newPhase) {
    return new BusinessStatus(observedGeneration, newPhase, conditions, businessId, subdomain, url, hosts,
        credentialsSecret, keys, ingress, certificates, integrations, verifiedDomains);
  }

  public BusinessStatus withConditions(List<Condition> newConditions) {
    return new BusinessStatus(observedGeneration, phase, newConditions, businessId, subdomain, url, hosts,
        credentialsSecret, keys, ingress, certificates, integrations, verifiedDomains);
  }

  public enum Phase { Provisioning, Ready, Suspended, SubdomainConflict }

  /** An issued key: its id and lifetime, never its value. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ApiKeyStatus(String id, String type, String createdAt, String expiresAt) {}
}
