package com.qastco.voice.operator.status;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessStatus;
import com.qastco.voice.api.v1alpha1.BusinessStatus.ApiKeyStatus;
import com.qastco.voice.api.v1alpha1.BusinessStatus.Phase;
import com.qastco.voice.operator.OperatorConfig;
import com.qastco.voice.api.v1alpha1.IntegrationsStatus;
import com.qastco.voice.operator.conditions.Conditions;
import com.qastco.voice.operator.conditions.Outcome;
import com.qastco.voice.operator.credentials.CredentialsSecret;
import com.qastco.voice.operator.external.ExternalParts;
import com.qastco.voice.operator.routing.HostClaims;
import com.qastco.voice.operator.routing.Routing;
import com.qastco.voice.operator.routing.TenantIngress;
import com.qastco.voice.operator.telephony.PhoneNumbers;
import com.qastco.voice.operator.tls.CertificatesPart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Builds the whole status of a Business from what each part reported; a pure function of its inputs. */
public final class BusinessStatusBuilder {
  public static final String SUBDOMAIN_CONDITION = "SubdomainClaimed";
  public static final String SUSPENDED_CONDITION = "Suspended";
  public static final String READY_CONDITION = "Ready";

  private final Business business;
  private final OperatorConfig config;
  private final Instant now;
  private Routing routing;
  private CredentialsSecret.Result credentials;
  private CertificatesPart.Result certificates;
  private Outcome ingress;
  private Outcome phoneNumbers;
  private ExternalParts.Result external = new ExternalParts.Result(List.of(), IntegrationsStatus.NONE);

  public BusinessStatusBuilder(Business business, OperatorConfig config, Instant now) {
    this.business = business;
    this.config = config;
    this.now = now;
  }

  public BusinessStatusBuilder routing(Routing value) {
    this.routing = value;
    return this;
  }

  public BusinessStatusBuilder credentials(CredentialsSecret.Result value) {
    this.credentials = value;
    return this;
  }

  public BusinessStatusBuilder certificates(CertificatesPart.Result value) {
    this.certificates = value;
    return this;
  }

  public BusinessStatusBuilder ingress(Outcome value) {
    this.ingress = value;
    return this;
  }

  public BusinessStatusBuilder phoneNumbers(Outcome value) {
    this.phoneNumbers = value;
    return this;
  }

  public BusinessStatusBuilder external(ExternalParts.Result value) {
    this.external = value;
    return this;
  }

  public BusinessStatus build() {
    boolean suspended = business.getSpec().suspendedOrFalse();
    List<Outcome> outcomes = new ArrayList<>();
    outcomes.add(subdomain());
    if (credentials != null) {
      outcomes.add(credentials.outcome());
    }
    outcomes.add(ingress);
    outcomes.add(certificates.outcome());
    if (phoneNumbers != null) {
      outcomes.add(phoneNumbers);
    }
    outcomes.addAll(external.outcomes());
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
        credentials == null ? null : credentials.credentials().businessId(),
        routing.holdsSubdomain() ? HostClaims.subdomainOf(business) : null,
        routing.holdsSubdomain() ? config.urlOf(routing.platformHost()) : null,
        routing.hosts().isEmpty() ? null : routing.hosts(),
        credentials == null ? null : credentials.secretName(),
        credentials == null ? null : credentials.credentials().keys().stream()
            .map(k -> new ApiKeyStatus(k.id(), k.type().name(), k.createdAt().toString(),
                k.expiresAt() == null ? null : k.expiresAt().toString()))
            .toList(),
        routing.holdsSubdomain() ? TenantIngress.nameFor(business) : null,
        certificates.certificates().isEmpty() ? null : certificates.certificates(),
        external.ids().equals(IntegrationsStatus.NONE) ? null : external.ids(),
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
    // Certificates of custom domains can take minutes, and a number is the platform's to assign; the platform host
    // works meanwhile, so neither gates Ready.
    String notReady = parts.stream()
        .filter(o -> !o.ok() && !o.type().equals(SUSPENDED_CONDITION) && !o.type().equals(CertificatesPart.CONDITION)
            && !o.type().equals(PhoneNumbers.CONDITION) && !ExternalParts.switchedOff(o))
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
