package com.qastco.voice.operator.tls;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.operator.kubernetes.Labels;
import com.qastco.voice.operator.config.OperatorConfig;
import com.qastco.voice.operator.routing.TenantIngress;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;

/** Builds the cert-manager Certificate of each custom domain: one domain, one Certificate, one TLS Secret. */
public final class CustomDomainCertificates {
  public static final String COMPONENT = "certificate";

  private CustomDomainCertificates() {}

  public static Certificate desired(Business business, String domain, OperatorConfig config) {
    Certificate certificate = new Certificate();
    certificate.setMetadata(new ObjectMetaBuilder()
        .withName(TenantIngress.certificateNameFor(business, domain))
        .withNamespace(business.getMetadata().getNamespace())
        .withLabels(Labels.of(business, COMPONENT))
        .withOwnerReferences(Labels.ownerOf(business))
        .build());
    certificate.setSpec(new Certificate.Spec(TenantIngress.tlsSecretFor(business, domain), List.of(domain),
        new Certificate.IssuerRef(config.certIssuer(), config.certIssuerKind(), "cert-manager.io")));
    return certificate;
  }
}
