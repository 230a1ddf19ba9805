package com.qastco.voice.operator.routing;

import com.qastco.voice.api.credentials.ApiKey;
import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.operator.kubernetes.Labels;
import com.qastco.voice.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Ingress that sends a tenant's hosts to the shared runtime. The runtime reads the Business itself; the
 * annotations tell a human (and any ingress-level tooling) which tenant this is and whether it is suspended.
 */
public final class TenantIngress {
  public static final String COMPONENT = "ingress";
  public static final String BUSINESS_ID_ANNOTATION = "voice.qastco.com/business-id";
  public static final String SUSPENDED_ANNOTATION = "voice.qastco.com/suspended";

  private TenantIngress() {}

  public static String nameFor(Business business) {
    return business.getMetadata().getName();
  }

  /** A custom domain's Certificate: stable, DNS-safe and short whatever the domain (a digest of it). */
  public static String certificateNameFor(Business business, String domain) {
    return business.getMetadata().getName() + "-domain-" + ApiKey.sha256(domain).substring(0, 10);
  }

  /** The TLS Secret this Ingress serves a custom domain with; its Certificate fills it. */
  public static String tlsSecretFor(Business business, String domain) {
    return certificateNameFor(business, domain) + "-tls";
  }

  /**
   * @param withCertificates whether custom domains have cert-manager Certificates (and so TLS Secrets)
   */
  public static Ingress desired(Business business, String businessId, Routing routing, OperatorConfig config,
                                boolean withCertificates) {
    List<IngressRule> rules = new ArrayList<>();
    for (String host : routing.hosts()) {
      rules.add(new IngressRuleBuilder()
          .withHost(host)
          .withNewHttp()
          .addNewPath()
          .withPath("/")
          .withPathType("Prefix")
          .withNewBackend()
          .withNewService()
          .withName(config.runtimeService())
          .withNewPort().withNumber(config.runtimePort()).endPort()
          .endService()
          .endBackend()
          .endPath()
          .endHttp()
          .build());
    }
    List<IngressTLS> tls = new ArrayList<>();
    tls.add(new IngressTLSBuilder().withHosts(routing.platformHost()).withSecretName(config.wildcardTlsSecret())
        .build());
    if (withCertificates) {
      routing.customDomains().forEach(d -> tls.add(new IngressTLSBuilder().withHosts(d)
          .withSecretName(tlsSecretFor(business, d)).build()));
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(BUSINESS_ID_ANNOTATION, businessId);
    annotations.put(SUSPENDED_ANNOTATION, Boolean.toString(business.getSpec().suspendedOrFalse()));
    return new IngressBuilder()
        .withMetadata(new ObjectMetaBuilder()
            .withName(nameFor(business))
            .withNamespace(business.getMetadata().getNamespace())
            .withLabels(Labels.of(business, COMPONENT))
            .withAnnotations(annotations)
            .withOwnerReferences(Labels.ownerOf(business))
            .build())
        .withNewSpec()
        .withIngressClassName(config.ingressClass().isEmpty() ? null : config.ingressClass())
        .withRules(rules)
        .withTls(tls)
        .endSpec()
        .build();
  }
}
