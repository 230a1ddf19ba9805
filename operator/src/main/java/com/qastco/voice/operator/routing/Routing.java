package com.qastco.voice.operator.routing;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Which hosts this Business serves after the claims are settled.
 *
 * @param platformHost   {@code <subdomain>.<domain>}, or null while another Business holds the subdomain
 * @param customDomains  custom domains this Business holds
 * @param refused        custom domains it asked for and may not have, with the reason
 */
public record Routing(String platformHost, List<String> customDomains,
                      Map<String, String> refused) {

  public boolean holdsSubdomain() {
    return platformHost != null;
  }

  public List<String> hosts() {
    if (!holdsSubdomain()) {
      return List.of();
    }
    return Stream.concat(Stream.of(platformHost), customDomains.stream()).toList();
  }
}
