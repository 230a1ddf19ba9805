package com.qastco.voice.operator.tls;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.operator.kubernetes.Labels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.KubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;

/**
 * A Business's Certificates as a JOSDK bulk dependent: one per custom domain it holds, created, updated and deleted
 * by JOSDK without server-side apply (what the tests run is what production runs). What is desired is built by
 * {@link CustomDomainCertificates} in the reconcile (it depends on the domains the Business has proven) and handed
 * over in the workflow's context. A Certificate deleted here takes its TLS Secret with it: cert-manager makes that
 * Secret without an owner reference, so nothing else would remove it.
 */
@KubernetesDependent(useSSA = BooleanWithUndefined.FALSE, informer = @Informer(labelSelector = Labels.SELECTOR))
public class CertificatesDependent extends KubernetesDependentResource<Certificate, Business>
    implements CRUDKubernetesBulkDependentResource<Certificate, Business>,
    KubernetesBulkDependentResource<Certificate, Business>, GarbageCollected<Business> {
  public static final String NAME = "certificates";
  static final String DESIRED = "desired-certificates";

  public CertificatesDependent() {
    super(Certificate.class, NAME);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Map<ResourceID, Certificate> desiredResources(Business business, Context<Business> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(DESIRED, Map.class);
  }

  @Override
  public void deleteTargetResource(Business business, Certificate certificate, ResourceID id,
                                   Context<Business> context) {
    super.deleteTargetResource(business, certificate, id, context);
    context.getClient().secrets().inNamespace(certificate.getMetadata().getNamespace())
        .withName(certificate.getSpec().secretName()).delete();
  }
}
