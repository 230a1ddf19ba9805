package com.qastco.voice.operator.status;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.credentials.Credentials;
import com.qastco.voice.api.v1alpha1.BusinessStatus;
import com.qastco.voice.api.v1alpha1.BusinessStatus.ApiKeyStatus;
import com.qastco.voice.api.v1alpha1.BusinessStatus.Phase;
import com.qastco.voice.operator.config.OperatorConfig;
import com.qastco.voice.api.v1alpha1.IntegrationsStatus;
import com.qastco.voice.operator.conditions.Conditions;
import com.qastco.voice.operator.conditions.Outcome;
import com.qastco.voice.operator.routing.HostClaims;
import com.qastco.voice.operator.routing.Routing;
import com.qastco.voice.operator.routing.TenantIngress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the whole status of a Business from what each part reported (its outcome, and the values the status
 * shows); a pure function of its inputs, knowing no part.
 */
public final class BusinessStatusBuilder {
  public static final String SUBDOMAIN_CONDITION = "SubdomainClaimed";
  public static final String SUSPENDED_CONDITION = "Suspended";
  public static final String READY_CONDITION = "Ready";

  private final Business business;
  private final OperatorConfig config;
  private final Instant now;
  private Routing routing;
  private final List<Outcome> parts = new ArrayList<>();
  private String secretName;
  private Credentials credentials;
  private List<String> certificates = List.of();
  private IntegrationsStatus ids = IntegrationsStatus.NONE;

  public BusinessStatusBuilder(Business business, OperatorConfig config, Instant now) {
    this.business = business;
    this.config = config;
    this.now = now;
  }

  public BusinessStatusBuilder routing(Routing value) {
    this.routing = value;
    return this;
  }

  /** A part's outcome: one condition. */
  public BusinessStatusBuilder part(Outcome outcome) {
    parts.add(outcome);
    return this;
  }

  /** The credentials Secret and the keys it holds (their ids and times only reach the status). */
  public BusinessStatusBuilder credentials(Outcome outcome, String secret, Credentials value) {
    this.secretName = secret;
    this.credentials = value;
    return part(outcome);
  }

  /** The Certificates of custom domains, by name. */
  public BusinessStatusBuilder certificates(Outcome outcome, List<String> names) {
    this.certificates = names;
    return part(outcome);
  }

  /** The external systems' outcomes and the ids they gave the Business. */
  public BusinessStatusBuilder external(List<Outcome> outcomes, IntegrationsStatus value) {
    this.ids = value;
    outcomes.forEach(this::part);
    return this;
  }

  public BusinessStatus build() {
    boolean suspended = business.getSpec().suspendedOrFalse();
    List<Outcome> outcomes = new ArrayList<>();
    outcomes.add(subdomain());
    outcomes.addAll(parts);
    outcomes.add(suspended
        ? Outcome.ok(SUSPENDED_CONDITION, "SuspendedBySpec", "spec.suspended is true: a suspended page is shown,"
            + " no calls are taken, all data is kept")
        : Outcome.failed(SUSPENDED_CONDITION, "Active", "Taking calls"));
    Outcome ready = ready(outcomes, suspended);
    outcomes.add(ready);

    long generation = business.getMetadata().getGeneration() == null ? 0 : business.getMetadata().getGeneration();
    BusinessStatus previous = business.getStatus();
    return new BusinessStatus(
        generation,
        phase(suspended, ready),
        Conditions.of(outcomes, previous == null ? null : previous.conditions(), generation, now),
        credentials == null ? null : credentials.businessId(),
        routing.holdsSubdomain() ? HostClaims.subdomainOf(business) : null,
        routing.holdsSubdomain() ? config.urlOf(routing.platformHost()) : null,
        routing.hosts().isEmpty() ? null : routing.hosts(),
        credentials == null ? null : secretName,
        credentials == null ? null : credentials.keys().stream()
            .map(k -> new ApiKeyStatus(k.id(), k.type().name(), k.createdAt().toString(),
                k.expiresAt() == null ? null : k.expiresAt().toString()))
            .toList(),
        routing.holdsSubdomain() ? TenantIngress.nameFor(business) : null,
        certificates.isEmpty() ? null : certificates,
        ids.equals(IntegrationsStatus.NONE) ? null : ids,
        routing.proven().isEmpty() ? null : routing.proven());
  }

  private Outcome subdomain() {
    String requested = business.getSpec().subdomain();
    if (!routing.holdsSubdomain()) {
      // Never who holds it: that is another tenant's business. This one gets nothing until the subdomain is free.
      return Outcome.failed(SUBDOMAIN_CONDITION, "SubdomainConflict", "Subdomain " + requested
          + " is taken by another Business; this one gets no keys, routing or external parts until it is free"
          + " (or choose another subdomain by creating a new Business)");
    }
    String held = HostClaims.subdomainOf(business);
    if (!held.equals(requested)) {
      return Outcome.ok(SUBDOMAIN_CONDITION, "SubdomainChangeIgnored", "Holds " + held + "; the change to "
          + requested + " was ignored because a subdomain cannot change (create a new Business instead)");
    }
    return Outcome.ok(SUBDOMAIN_CONDITION, "Claimed", "Holds " + routing.platformHost());
  }

  private Outcome ready(List<Outcome> parts, boolean suspended) {
    if (suspended) {
      return Outcome.failed(READY_CONDITION, "Suspended", "The Business is suspended");
    }
    String notReady = parts.stream()
        .filter(o -> !o.ok() && o.gatesReady() && !o.type().equals(SUSPENDED_CONDITION))
        .map(o -> o.type() + " (" + o.reason() + ")")
        .collect(Collectors.joining(", "));
    return notReady.isEmpty()
        ? Outcome.ok(READY_CONDITION, "Ready", "Serving " + String.join(", ", routing.hosts()))
        : Outcome.failed(READY_CONDITION, "NotReady", "Waiting for " + notReady);
  }

  private Phase phase(boolean suspended, Outcome ready) {
    if (!routing.holdsSubdomain()) {
      return Phase.SubdomainConflict;
    }
    if (suspended) {
      return Phase.Suspended;
    }
    return ready.ok() ? Phase.Ready : Phase.Provisioning;
  }
}
