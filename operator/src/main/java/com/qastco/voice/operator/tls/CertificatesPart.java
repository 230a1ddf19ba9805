package com.qastco.voice.operator.tls;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.operator.ChildWriter;
import com.qastco.voice.operator.OperatorConfig;
import com.qastco.voice.operator.routing.Routing;
import com.qastco.voice.operator.conditions.Outcome;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One cert-manager Certificate per custom domain the Business holds; Certificates of domains it no longer
 * holds are deleted with their TLS Secrets. Without cert-manager nothing is attempted and the condition says so.
 */
public final class CertificatesPart {
  public static final String CONDITION = "CustomDomainsReady";

  private final InformerEventSource<Certificate, Business> cache;
  private final ChildWriter writer;
  private final OperatorConfig config;

  /** @param cache null when cert-manager's CRDs are not installed */
  public CertificatesPart(InformerEventSource<Certificate, Business> cache, ChildWriter writer,
                          OperatorConfig config) {
    this.cache = cache;
    this.writer = writer;
    this.config = config;
  }

  public boolean certManagerInstalled() {
    return cache != null;
  }

  public record Result(List<String> certificates, Outcome outcome) {}

  public Result reconcile(Business business, Routing routing) {
    if (!certManagerInstalled()) {
      return new Result(List.of(), routing.customDomains().isEmpty() && routing.refused().isEmpty()
          && routing.pending().isEmpty() ? Outcome.ok(CONDITION, "NoCustomDomains", "No custom domains requested")
          : Outcome.failed(CONDITION, "CertManagerMissing", "cert-manager is not installed (no CRD "
              + Certificate.CRD_NAME + "), so custom domains get no certificate; they are routed without TLS"));
    }
    List<String> names = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    for (String domain : routing.customDomains()) {
      Certificate desired = CustomDomainCertificates.desired(business, domain, config);
      Certificate actual = cache.get(ResourceID.fromResource(desired)).orElse(null);
      Certificate now = writer.apply(cache, actual, desired, (from, to) -> to.setSpec(from.getSpec()));
      names.add(desired.getMetadata().getName());
      if (!now.isReady()) {
        pending.add(domain);
      }
    }
    deleteAllBut(business, Set.copyOf(names));
    return new Result(names, outcome(routing, pending));
  }

  /** Removes every Certificate of this Business (and its TLS Secret) not in {@code keep}. */
  public void deleteAllBut(Business business, Set<String> keep) {
    if (!certManagerInstalled()) {
      return;
    }
    cache.getSecondaryResources(business).stream()
        .filter(c -> !keep.contains(c.getMetadata().getName()))
        .forEach(c -> {
          writer.delete(c);
          writer.delete(new SecretBuilder().withNewMetadata().withName(c.getSpec().secretName())
              .withNamespace(c.getMetadata().getNamespace()).endMetadata().build());
        });
  }

  private static Outcome outcome(Routing routing, List<String> pending) {
    if (!routing.refused().isEmpty() || !routing.pending().isEmpty()) {
      var problems = new java.util.LinkedHashMap<>(routing.refused());
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
