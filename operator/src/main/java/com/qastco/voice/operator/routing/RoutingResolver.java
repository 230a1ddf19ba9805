package com.qastco.voice.operator.routing;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.operator.OperatorConfig;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Settles this Business's host claims against every other Business in the operator's cache. */
public final class RoutingResolver {
  private final OperatorConfig config;

  public RoutingResolver(OperatorConfig config) {
    this.config = config;
  }

  public Routing resolve(Business business, IndexedResourceCache<Business> businesses) {
    String platformHost = HostClaims.platformHost(business, config);
    Business subdomainHolder = holderOf(platformHost, business, businesses);
    if (!HostClaims.isSameBusiness(subdomainHolder, business)) {
      return new Routing(null, List.of(), Map.of());
    }
    List<String> domains = new ArrayList<>();
    Map<String, String> refused = new LinkedHashMap<>();
    for (String requested : business.getSpec().customDomainsOrEmpty()) {
      String domain = requested.toLowerCase(Locale.ROOT);
      Business holder = holderOf(domain, business, businesses);
      if (HostClaims.isUnderPlatformDomain(domain, config)) {
        refused.put(domain, "is under the platform domain " + config.platformDomain());
      } else if (!HostClaims.isSameBusiness(holder, business)) {
        refused.put(domain, "is already used by another Business");
      } else {
        domains.add(domain);
      }
    }
    return new Routing(platformHost, List.copyOf(domains), refused);
  }

  private Business holderOf(String host, Business business, IndexedResourceCache<Business> businesses) {
    List<Business> claimants = new ArrayList<>(businesses.byIndex(HostClaims.INDEX, host));
    if (claimants.stream().noneMatch(b -> HostClaims.isSameBusiness(b, business))) {
      claimants.add(business);
    }
    return HostClaims.holder(claimants).orElse(business);
  }
}
