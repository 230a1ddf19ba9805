package com.qastco.voice.operator.tls;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.operator.config.OperatorConfig;
import com.qastco.voice.operator.conditions.Outcome;
import com.qastco.voice.operator.routing.Routing;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One cert-manager Certificate per custom domain the Business holds, through the {@link CertificatesDependent}
 * (JOSDK's workflow, activated once cert-manager is installed); Certificates of domains it no longer holds are
 * deleted with their TLS Secrets. Without cert-manager nothing is attempted and the condition says so.
 */
public final class CertificatesPart {
  public static final String CONDITION = "CustomDomainsReady";
  private final OperatorConfig config;

  public CertificatesPart(OperatorConfig config) {
    this.config = config;
  }

  /** @param installed whether cert-manager is installed (the Ingress asks for TLS on custom domains only then) */
  public record Result(List<String> certificates, Outcome outcome, boolean installed) {}

  public Result reconcile(Business business, Routing routing, Context<Business> context) {
    Map<ResourceID, Certificate> desired = new LinkedHashMap<>();
    Map<String, String> nameOfDomain = new LinkedHashMap<>();
    for (String domain : routing.customDomains()) {
      Certificate certificate = CustomDomainCertificates.desired(business, domain, config);
      desired.put(ResourceID.fromResource(certificate), certificate);
      nameOfDomain.put(domain, certificate.getMetadata().getName());
    }
    var workflow = context.managedWorkflowAndDependentResourceContext();
    workflow.put(CertificatesDependent.DESIRED, desired);
    var result = workflow.reconcileManagedWorkflow();
    result.throwAggregateExceptionIfErrorsPresent();
    boolean installed = result.getReconciledDependents().stream()
        .anyMatch(d -> CertificatesDependent.NAME.equals(d.name()));
    if (!installed) {
      return new Result(List.of(), (routing.customDomains().isEmpty() && routing.refused().isEmpty()
          && routing.pending().isEmpty() ? Outcome.ok(CONDITION, "NoCustomDomains", "No custom domains requested")
          : Outcome.failed(CONDITION, "CertManagerMissing", "cert-manager is not installed (no CRD "
              + Certificate.CRD_NAME + "), so custom domains get no certificate; they are routed without TLS"))
          .advisory(), false);
    }
    Set<String> ready = context.getSecondaryResources(Certificate.class).stream().filter(Certificate::isReady)
        .map(c -> c.getMetadata().getName()).collect(Collectors.toSet());
    List<String> pending = nameOfDomain.entrySet().stream().filter(e -> !ready.contains(e.getValue()))
        .map(Map.Entry::getKey).toList();
    // Certificates can take minutes; the platform host works meanwhile, so they do not hold up Ready.
    return new Result(List.copyOf(nameOfDomain.values()), outcome(routing, pending).advisory(), true);
  }

  private static Outcome outcome(Routing routing, List<String> pending) {
    if (!routing.refused().isEmpty() || !routing.pending().isEmpty()) {
      var problems = new LinkedHashMap<>(routing.refused());
      problems.putAll(routing.pending());
      return Outcome.failed(CONDITION, routing.refused().isEmpty() ? "AwaitingProof" : "DomainRefused",
          problems.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("; ")));
    }
    if (!pending.isEmpty()) {
      return Outcome.failed(CONDITION, "Issuing", "Waiting for cert-manager to issue certificates for "
          + String.join(", ", pending));
    }
    return routing.customDomains().isEmpty()
        ? Outcome.ok(CONDITION, "NoCustomDomains", "No custom domains requested")
        : Outcome.ok(CONDITION, "CertificatesIssued", "Certificates issued for "
            + String.join(", ", routing.customDomains()));
  }
}
