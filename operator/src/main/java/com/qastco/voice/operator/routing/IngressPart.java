package com.qastco.voice.operator.routing;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.operator.kubernetes.ChildWriter;
import com.qastco.voice.operator.config.OperatorConfig;
import com.qastco.voice.operator.conditions.Outcome;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/** The tenant's Ingress: present while the Business holds its subdomain, absent otherwise. */
public final class IngressPart {
  public static final String CONDITION = "IngressReady";

  private final InformerEventSource<Ingress, Business> cache;
  private final ChildWriter writer;
  private final OperatorConfig config;

  public IngressPart(InformerEventSource<Ingress, Business> cache, ChildWriter writer, OperatorConfig config) {
    this.cache = cache;
    this.writer = writer;
    this.config = config;
  }

  public Outcome reconcile(Business business, String businessId, Routing routing, boolean withCertificates) {
    ResourceID id = new ResourceID(TenantIngress.nameFor(business), business.getMetadata().getNamespace());
    Ingress actual = cache.get(id).orElse(null);
    if (!routing.holdsSubdomain()) {
      if (actual != null) {
        writer.delete(actual);
      }
      return Outcome.failed(CONDITION, "SubdomainConflict", "No Ingress while another Business holds subdomain "
          + business.getSpec().subdomain());
    }
    Ingress desired = TenantIngress.desired(business, businessId, routing, config, withCertificates);
    writer.apply(cache, actual, desired, (from, to) -> to.setSpec(from.getSpec()));
    return Outcome.ok(CONDITION, "Routed", "Ingress " + id.getName() + " routes " + String.join(", ",
        routing.hosts()) + " to " + config.runtimeService() + ":" + config.runtimePort());
  }
}
