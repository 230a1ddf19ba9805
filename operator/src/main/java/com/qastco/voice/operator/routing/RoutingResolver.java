package com.qastco.voice.operator.routing;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.operator.config.OperatorConfig;
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

  public boolean holdsSubdomain(Business business, IndexedResourceCache<Business> businesses) {
    List<Business> claimants = businesses.byIndex(HostClaims.INDEX, HostClaims.platformHost(business, config));
    return HostClaims.isSameBusiness(holderOf(claimants, business), business);
  }

  /**
   * The hosts of a Business that holds its subdomain. A custom domain is contested only among the Businesses that
   * proved they own it: claiming one proves nothing.
   */
  public Routing resolve(Business business, IndexedResourceCache<Business> businesses, DomainOwnership.Result owned) {
    List<String> domains = new ArrayList<>();
    Map<String, String> refused = new LinkedHashMap<>();
    for (String requested : business.getSpec().customDomainsOrEmpty()) {
      String domain = requested.toLowerCase(Locale.ROOT);
      if (HostClaims.isUnderPlatformDomain(domain, config)) {
        refused.put(domain, "is under the platform domain " + config.platformDomain());
      } else if (owned.proven().contains(domain)) {
        List<Business> provers = businesses.byIndex(HostClaims.INDEX, domain).stream()
            .filter(b -> b.getStatus() != null && b.getStatus().verifiedDomains() != null
                && b.getStatus().verifiedDomains().contains(domain)).toList();
        if (mayServe(domain, business, provers)) {
          domains.add(domain);
        } else {
          refused.put(domain, "is already used by another Business");
        }
      }
    }
    return new Routing(HostClaims.platformHost(business, config), List.copyOf(domains), refused,
        owned.pending(), List.copyOf(owned.proven()));
  }

  /**
   * Among Businesses that proved a domain, the one serving it keeps it (a later proof, say after the domain changed
   * hands, waits until that one lets it go); when none serves it yet, the older takes it.
   */
  private static boolean mayServe(String domain, Business business, List<Business> provers) {
    if (HostClaims.servedHosts(business).contains(domain)) {
      return true;
    }
    boolean servedElsewhere = provers.stream().anyMatch(b -> !HostClaims.isSameBusiness(b, business)
        && HostClaims.servedHosts(b).contains(domain));
    return !servedElsewhere && HostClaims.isSameBusiness(holderOf(provers, business), business);
  }

  private static Business holderOf(List<Business> others, Business business) {
    List<Business> claimants = new ArrayList<>(others);
    if (claimants.stream().noneMatch(b -> HostClaims.isSameBusiness(b, business))) {
      claimants.add(business);
    }
    return HostClaims.holder(claimants).orElse(business);
  }
}
