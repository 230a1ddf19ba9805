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
 * @param pending        custom domains waiting for proof of ownership, with what the owner must do
 * @param proven         custom domains it proved it owns (held or not)
 */
public record Routing(String platformHost, List<String> customDomains,
                      Map<String, String> refused, Map<String, String> pending, List<String> proven) {
  /** A Business that holds nothing (another holds its subdomain). */
  public static final Routing NONE = new Routing(null, List.of(), Map.of(), Map.of(), List.of());

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
