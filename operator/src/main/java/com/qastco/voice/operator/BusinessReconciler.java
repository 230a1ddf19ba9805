package com.qastco.voice.operator;

import com.qastco.voice.operator.config.OperatorConfig;
import com.qastco.voice.operator.kubernetes.ChildWriter;
import com.qastco.voice.operator.kubernetes.EventRecorder;
import com.qastco.voice.operator.kubernetes.Labels;
import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessStatus;
import com.qastco.voice.operator.credentials.CredentialsSecret;
import com.qastco.voice.operator.external.ErpnextPart;
import com.qastco.voice.operator.external.ExternalPart;
import com.qastco.voice.operator.external.ExternalParts;
import com.qastco.voice.operator.external.ExternalProvisioner;
import com.qastco.voice.operator.external.PlatformSecret;
import com.qastco.voice.operator.external.RedisPart;
import com.qastco.voice.operator.external.StripePart;
import com.qastco.voice.operator.external.UltravoxPart;
import com.qastco.voice.operator.routing.DomainOwnership;
import com.qastco.voice.operator.routing.HostClaims;
import com.qastco.voice.operator.routing.IngressPart;
import com.qastco.voice.operator.routing.Routing;
import com.qastco.voice.operator.routing.RoutingResolver;
import com.qastco.voice.operator.routing.TenantIngress;
import com.qastco.voice.operator.status.BusinessStatusBuilder;
import com.qastco.voice.operator.conditions.Conditions;
import com.qastco.voice.operator.conditions.Outcome;
import com.qastco.voice.operator.status.StatusWriter;
import com.qastco.voice.operator.telephony.PhoneNumbers;
import com.qastco.voice.operator.tls.CertManagerInstalled;
import com.qastco.voice.operator.tls.Certificate;
import com.qastco.voice.operator.tls.CertificatesDependent;
import com.qastco.voice.operator.tls.CertificatesPart;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a Business into what its tenant needs on the cluster:
 * <ol>
 *   <li>its hosts, settled against every other Business (the older one keeps a contested subdomain; a custom domain
 *       only once its ownership is proven);</li>
 *   <li>the credentials Secret with its API keys, rotated on request;</li>
 *   <li>a cert-manager Certificate per custom domain;</li>
 *   <li>the Ingress routing its hosts to the runtime;</li>
 *   <li>which of the phone numbers it lists the platform has assigned to it;</li>
 *   <li>outside the cluster, each in its own time: a Redis ACL user, an ERPNext company, an Ultravox agent and a
 *       Stripe subscription;</li>
 *   <li>the status: conditions per part, Ready, URL, hosts, key ids, and Events on transitions.</li>
 * </ol>
 * Suspension keeps everything and marks the Ingress; deletion removes every child explicitly.
 */
@ControllerConfiguration(name = "business", generationAwareEventProcessing = false)
// Called in the middle of reconcile, where the domains the Business holds are known. The Certificates' informer
// starts when cert-manager's CRD appears, with no restart.
@Workflow(explicitInvocation = true, dependents = @Dependent(type = CertificatesDependent.class,
    name = CertificatesDependent.NAME, activationCondition = CertManagerInstalled.class))
public class BusinessReconciler implements Reconciler<Business>, Cleaner<Business>, AutoCloseable {
  static final String ERROR_REASON = "ReconcileError";
  private static final Duration CONFLICT_RECHECK = Duration.ofMinutes(1);
  private static final Duration REMOVAL_RECHECK = Duration.ofSeconds(30);
  private final OperatorConfig config;
  private volatile boolean stopping;
  private final Clock clock;
  private final RoutingResolver routingResolver;

  private CredentialsSecret credentials;
  private CertificatesPart certificates;
  private IngressPart ingress;
  private EventRecorder events;
  private StatusWriter statusWriter;
  private InformerEventSource<Business, Business> neighbours;
  private InformerEventSource<Secret, Business> platformSecret;
  private ExternalProvisioner provisioner;
  private List<AutoCloseable> externalClients = List.of();
  private ExternalParts external;
  private PhoneNumbers phoneNumbers;
  private final DomainOwnership ownership;

  public BusinessReconciler(OperatorConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.routingResolver = new RoutingResolver(config);
    this.ownership = new DomainOwnership(config);
  }

  @Override
  public List<EventSource<?, Business>> prepareEventSources(EventSourceContext<Business> context) {
    ChildWriter writer = new ChildWriter(context.getClient());
    events = new EventRecorder(context.getClient(), clock);
    statusWriter = new StatusWriter(context.getClient());

    InformerEventSource<Secret, Business> secrets = config.credentials().separate()
        ? new InformerEventSource<>(InformerEventSourceConfiguration.from(Secret.class, Business.class)
            .withName("secret").withLabelSelector(Labels.SELECTOR)
            .withSecondaryToPrimaryMapper(Labels::owningBusiness)
            .withNamespaces(Set.of(config.credentials().namespace())).build(), context)
        : childInformer(Secret.class, context);
    InformerEventSource<Ingress, Business> ingresses = childInformer(Ingress.class, context);
    credentials = new CredentialsSecret(secrets, writer, events, config.keyGracePeriod(), config.credentials());
    ingress = new IngressPart(ingresses, writer, config);
    certificates = new CertificatesPart(config);

    neighbours = hostNeighbours(context);
    external = externalParts(context);
    phoneNumbers = new PhoneNumbers(context.getClient(), context.getClient().getNamespace(), () -> wakeAll(context));
    return List.of(secrets, ingresses, neighbours, platformSecret, provisioner.wakeups());
  }

  /** Every Business in the watched namespaces, from the informer's cache (empty before the operator leads). */
  public List<Business> businesses() {
    return neighbours == null ? List.of() : neighbours.list().toList();
  }

  /** Every condition type a Business status can hold. */
  public List<String> conditionTypes() {
    List<String> types = new java.util.ArrayList<>(List.of(BusinessStatusBuilder.READY_CONDITION,
        BusinessStatusBuilder.SUBDOMAIN_CONDITION, CredentialsSecret.CONDITION, IngressPart.CONDITION,
        CertificatesPart.CONDITION, PhoneNumbers.CONDITION));
    types.addAll(external.conditions());
    return types;
  }

  @Override
  public UpdateControl<Business> reconcile(Business business, Context<Business> context) {
    Instant now = clock.instant();
    BusinessStatus previous = business.getStatus();

    if (!routingResolver.holdsSubdomain(business, neighbours)) {
      return waitForSubdomain(business, now, context);
    }
    CredentialsSecret.Result keys = credentials.reconcile(business, now);
    Routing routing = routingResolver.resolve(business, neighbours,
        ownership.check(business, keys.credentials().businessId()));
    CertificatesPart.Result certs = certificates.reconcile(business, routing, context);
    var routed = ingress.reconcile(business, keys.credentials().businessId(), routing, certs.installed());

    ExternalParts.Result outside = external.reconcile(business, new ExternalPart.Inputs(
        keys.credentials().businessId(), routing.holdsSubdomain() ? config.urlOf(routing.platformHost()) : null,
        keys.credentials().redisPassword()));

    BusinessStatus status = new BusinessStatusBuilder(business, config, now)
        .routing(routing)
        .credentials(keys.outcome(), keys.secretName(), keys.credentials())
        .part(routed)
        .certificates(certs.outcome(), certs.certificates())
        .part(phoneNumbers.outcome(business, keys.credentials().businessId()))
        .external(outside.outcomes(), outside.ids())
        .build();
    // Transitions are announced once the status that records them is written; a stale read writes nothing.
    if (!Objects.equals(previous, status) && statusWriter.write(business, status)) {
      recordTransitions(business, previous, status);
    }
    UpdateControl<Business> control = UpdateControl.noUpdate();
    keys.credentials().nextExpiry()
        .map(expiry -> Duration.between(now, expiry).plusSeconds(1))
        .ifPresent(control::rescheduleAfter);
    boolean waiting = !routing.pending().isEmpty() || (!certs.installed() && !routing.customDomains().isEmpty());
    if (waiting && control.getScheduleDelay().map(d -> d > config.domainRecheck().toMillis()).orElse(true)) {
      control.rescheduleAfter(config.domainRecheck()); // look for the owner's TXT record, or for cert-manager, again
    }
    return control;
  }

  /**
   * A Business whose subdomain another holds gets nothing a tenant could use or that costs the platform: no keys,
   * no business id, no Ingress, no certificate, no external part. Anything an earlier version made for it (keys
   * included) is taken away; it is provisioned from scratch once the subdomain is free.
   */
  private UpdateControl<Business> waitForSubdomain(Business business, Instant now, Context<Business> context) {
    BusinessStatus previous = business.getStatus();
    Routing routing = Routing.NONE;
    credentials.remove(business);
    CertificatesPart.Result certs = certificates.reconcile(business, routing, context);
    BusinessStatus status = new BusinessStatusBuilder(business, config, now)
        .routing(routing)
        .part(ingress.reconcile(business, null, routing, false))
        .certificates(certs.outcome(), certs.certificates())
        .build();
    if (!Objects.equals(previous, status) && statusWriter.write(business, status)) {
      recordTransitions(business, previous, status);
    }
    // A backstop: the neighbour watch normally wakes it sooner.
    return UpdateControl.<Business>noUpdate().rescheduleAfter(CONFLICT_RECHECK);
  }

  /**
   * A failed reconcile (the API server refused a write, say) is retried with backoff by JOSDK; meanwhile the
   * status says so, with an Event on the first failure, instead of going quiet.
   */
  @Override
  public ErrorStatusUpdateControl<Business> updateErrorStatus(Business business, Context<Business> context,
                                                              Exception e) {
    if (stopping) {
      // A reconcile cut short by this operator stopping (a rollout, a lost lease) is not the Business failing: the
      // next operator re-checks it, and writing "Reconcile failed" here made Ready flap on every restart.
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    BusinessStatus previous = business.getStatus() != null ? business.getStatus()
        : new BusinessStatus(null, BusinessStatus.Phase.Provisioning, List.of(), null, null, null, null, null, null,
            null, null, null, null);
    boolean alreadyReported = Conditions.find(previous.conditions(), BusinessStatusBuilder.READY_CONDITION)
        .map(c -> ERROR_REASON.equals(c.getReason())).orElse(false);
    String message = "Reconcile failed, retrying: " + summary(e);
    List<Outcome> outcomes = new ArrayList<>();
    if (previous.conditions() != null) {
      previous.conditions().stream().filter(c -> !c.getType().equals(BusinessStatusBuilder.READY_CONDITION))
          .map(c -> new Outcome(c.getType(), "True".equals(c.getStatus()), c.getReason(), c.getMessage(), true))
          .forEach(outcomes::add);
    }
    outcomes.add(Outcome.failed(BusinessStatusBuilder.READY_CONDITION, ERROR_REASON, message));
    long generation = business.getMetadata().getGeneration() == null ? 0 : business.getMetadata().getGeneration();
    boolean written = statusWriter.write(business, previous.withConditions(Conditions.of(outcomes,
        previous.conditions(), generation, clock.instant())));
    if (written && !alreadyReported) {
      events.warning(business, "ReconcileFailed", message);
    }
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  /** The first line of the innermost message: enough to act on, short enough for a condition. */
  private static String summary(Exception e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    text = text.lines().findFirst().orElse(text);
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }

  @Override
  public DeleteControl cleanup(Business business, Context<Business> context) {
    // Outside the cluster first: the Secret holds the Redis password and the status the ids until then.
    var pending = external.remove(business);
    if (pending.isPresent()) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(REMOVAL_RECHECK);
    }
    ChildWriter writer = new ChildWriter(context.getClient());
    String namespace = business.getMetadata().getNamespace();
    certificates.reconcile(business, Routing.NONE, context); // none wanted: each goes, with its TLS Secret
    writer.delete(new IngressBuilder().withNewMetadata().withName(TenantIngress.nameFor(business))
        .withNamespace(namespace).endMetadata().build());
    credentials.remove(business);
    return DeleteControl.defaultDelete();
  }

  /**
   * The external parts, their clients and the provisioner that runs them. A change to the platform Secret
   * (a system configured, credentials rotated) makes every Business try again at once: its event source
   * reconciles them all, and the provisioner forgets their backoff.
   */
  private ExternalParts externalParts(EventSourceContext<Business> context) {
    provisioner = new ExternalProvisioner(config.externalThreads(), config.externalFirstRetry(),
        config.externalMaxRetry(), clock);
    String namespace = context.getClient().getNamespace();
    platformSecret = PlatformSecret.eventSource(context, namespace, config.platformSecret());
    PlatformSecret platform = new PlatformSecret(platformSecret, namespace, config.platformSecret());
    RedisPart redis = new RedisPart(platform);
    ErpnextPart erpnext = new ErpnextPart(platform);
    UltravoxPart ultravox = new UltravoxPart(platform,
        config.urlOf(config.platformDomain()) + "/api/v1/webhooks/ultravox");
    StripePart stripe = new StripePart(platform, clock);
    externalClients = List.of(redis, provisioner);
    platform.onChange(settings -> provisioner.retryAll());
    return new ExternalParts(List.of(redis, erpnext, ultravox, stripe), provisioner);
  }

  private void wakeAll(EventSourceContext<Business> context) {
    context.getPrimaryCache().list().forEach(b -> provisioner.wakeups().propagateEvent(ResourceID.fromResource(b)));
  }

  /** From now on a failing reconcile is this operator stopping, not the Business: its status is left alone. */
  public void stopping() {
    stopping = true;
  }

  @Override
  public void close() {
    stopping = true;
    if (phoneNumbers != null) {
      phoneNumbers.close();
    }
    externalClients.forEach(c -> {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private void recordTransitions(Business business, BusinessStatus previous, BusinessStatus status) {
    BusinessStatus.Phase before = previous == null ? null : previous.phase();
    if (before == status.phase()) {
      return;
    }
    switch (status.phase()) {
      case Ready -> events.normal(business, before == BusinessStatus.Phase.Suspended ? "Resumed" : "Ready",
          "Serving " + String.join(", ", status.hosts()) + " at " + status.url() + "; its keys are in Secret "
              + status.credentialsSecret());
      case Suspended -> events.normal(business, "Suspended", "Suspended: the subdomain shows a suspended page and"
          + " no calls are taken; nothing was deleted");
      case SubdomainConflict -> events.warning(business, "SubdomainConflict", "Subdomain "
          + business.getSpec().subdomain() + " is taken by another Business; this one gets it when that one is"
          + " gone");
      default -> { }
    }
  }

  private <R extends HasMetadata> InformerEventSource<R, Business> childInformer(
      Class<R> type, EventSourceContext<Business> context) {
    return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, Business.class)
        .withName(type.getSimpleName().toLowerCase())
        .withLabelSelector(Labels.SELECTOR)
        .withSecondaryToPrimaryMapper(Labels::owningBusiness)
        .withNamespacesInheritedFromController()
        .build(), context);
  }

  /**
   * Businesses are also watched as neighbours: when one changes or goes, every other Business that claims one
   * of its hosts is reconciled, so a waiting Business takes over a subdomain as soon as it is free. Claims are
   * settled against this informer's cache too: it has applied the change before it announces it, so the woken
   * Business never sees a neighbour that is already gone.
   */
  private InformerEventSource<Business, Business> hostNeighbours(EventSourceContext<Business> context) {
    InformerEventSource<Business, Business> source = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Business.class, Business.class)
            .withName("host-neighbours")
            .withSecondaryToPrimaryMapper(changed -> HostClaims.touchedHosts(changed, config).stream()
                .flatMap(host -> neighbours.byIndex(HostClaims.INDEX, host).stream())
                .filter(other -> !HostClaims.isSameBusiness(other, changed))
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet()))
            .withNamespacesInheritedFromController()
            .build(), context);
    source.addIndexers(java.util.Map.of(HostClaims.INDEX, b -> HostClaims.claimedHosts(b, config)));
    return source;
  }
}
