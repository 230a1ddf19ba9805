package com.qastco.voice.operator.routing;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.operator.config.OperatorConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who may serve which host. Every Business claims its platform host and its custom domains; when two claim
 * the same host the older one (by creation time, then namespace and name) keeps it and the newer waits until
 * the older is gone or lets the host go.
 */
public final class HostClaims {
  public static final String INDEX = "hosts";
  private static final Comparator<Business> SENIORITY = Comparator
      .comparing((Business b) -> b.getMetadata().getCreationTimestamp(), Comparator.nullsLast(String::compareTo))
      .thenComparing(b -> b.getMetadata().getNamespace(), Comparator.nullsFirst(String::compareTo))
      .thenComparing(b -> b.getMetadata().getName());

  private HostClaims() {}

  /**
   * The subdomain a Business stands on. Once it has held one, a changed spec (which the CRD refuses, but a
   * cluster without CEL would let through) does not move it.
   */
  public static String subdomainOf(Business business) {
    if (business.getStatus() != null && business.getStatus().subdomain() != null) {
      return business.getStatus().subdomain();
    }
    return business.getSpec().subdomain();
  }

  public static String platformHost(Business business, OperatorConfig config) {
    return subdomainOf(business) + "." + config.platformDomain();
  }

  /** Every host the Business asks for; the index key of the primary cache. */
  public static List<String> claimedHosts(Business business, OperatorConfig config) {
    if (business.getSpec() == null || business.getSpec().subdomain() == null) {
      return List.of();
    }
    Set<String> hosts = new LinkedHashSet<>();
    hosts.add(platformHost(business, config));
    business.getSpec().customDomainsOrEmpty().forEach(d -> hosts.add(d.toLowerCase(Locale.ROOT)));
    return List.copyOf(hosts);
  }

  /** The hosts a Business served at its last reconcile, so a host it drops is offered to the next in line. */
  public static List<String> servedHosts(Business business) {
    return business.getStatus() == null || business.getStatus().hosts() == null ? List.of()
        : business.getStatus().hosts();
  }

  /** The Business that holds {@code host} among all that claim it. */
  public static Optional<Business> holder(Collection<Business> claimants) {
    return claimants.stream().min(SENIORITY);
  }

  public static boolean isSameBusiness(Business a, Business b) {
    return Objects.equals(a.getMetadata().getNamespace(), b.getMetadata().getNamespace())
        && Objects.equals(a.getMetadata().getName(), b.getMetadata().getName());
  }

  /** Hosts under the platform domain are the platform's to give; a custom domain there is refused. */
  public static boolean isUnderPlatformDomain(String host, OperatorConfig config) {
    String domain = config.platformDomain().toLowerCase(Locale.ROOT);
    return host.equals(domain) || host.endsWith("." + domain);
  }

  /** The union of claimed and served hosts: everything whose holder might change when this Business does. */
  public static List<String> touchedHosts(Business business, OperatorConfig config) {
    List<String> hosts = new ArrayList<>(claimedHosts(business, config));
    servedHosts(business).stream().filter(h -> !hosts.contains(h)).forEach(hosts::add);
    return hosts;
  }
}
