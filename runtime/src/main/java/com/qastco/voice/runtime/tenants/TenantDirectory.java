package com.qastco.voice.runtime.tenants;

import com.qastco.voice.api.v1alpha1.Business;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every Business, kept current by an informer, so a request never waits on the API server. A host belongs to
 * the Business whose status lists it: the operator has already settled contested hosts.
 */
@Context
public class TenantDirectory {
  private static final String BY_HOST = "by-host";
  private final SharedIndexInformer<Business> informer;

  public TenantDirectory(KubernetesClient client) {
    informer = client.resources(Business.class).inNamespace(client.getNamespace()).runnableInformer(0);
    informer.addIndexers(Map.of(BY_HOST, b -> b.getStatus() == null || b.getStatus().hosts() == null ? List.of()
        : b.getStatus().hosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList()));
    informer.run();
  }

  /** The Business serving {@code host} (a Host header; any port is ignored). */
  public Optional<Business> byHost(String host) {
    if (host == null) {
      return Optional.empty();
    }
    String name = host.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
    return informer.getIndexer().byIndex(BY_HOST, name).stream().findFirst();
  }

  public List<Business> all() {
    return informer.getStore().list();
  }

  @PreDestroy
  void stop() {
    informer.stop();
  }
}
