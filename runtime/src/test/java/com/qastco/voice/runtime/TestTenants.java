package com.qastco.voice.runtime;

import static org.awaitility.Awaitility.await;

import com.qastco.voice.api.credentials.Credentials;
import com.qastco.voice.api.telephony.PhoneNumberAssignments;
import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.Hours;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.api.v1alpha1.BusinessStatus;
import com.qastco.voice.api.v1alpha1.IntegrationsStatus;
import com.qastco.voice.api.v1alpha1.Notifications;
import com.qastco.voice.integrations.agent.CallTemplate;
import com.qastco.voice.integrations.fakes.UltravoxFake;
import com.qastco.voice.integrations.ultravox.UltravoxApi;
import com.qastco.voice.operator.credentials.CredentialsSecret;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Businesses as the operator leaves them (status with hosts and id, credentials Secret), with their keys. */
public final class TestTenants {
  private TestTenants() {}

  public record Registered(String name, UUID businessId, String secretKey, String publishableKey, String host) {
    public String bearer() {
      return "Bearer " + secretKey;
    }
  }

  public static Registered register(TenantDirectory directory, String example, boolean suspended) {
    return register(directory, example, suspended, null, null);
  }

  /** A Business listing {@code phoneNumber} in its spec, and answering its calls: the platform assigned it. */
  public static Registered registerWithPhone(TenantDirectory directory, String example, String phoneNumber,
                                             boolean suspended) {
    Registered registered = register(directory, example, suspended, null, phoneNumber);
    assignNumber(directory, registered, phoneNumber);
    return registered;
  }

  /** Assigns a number to a Business as the platform admin does (the ConfigMap); returns once the runtime sees it. */
  public static void assignNumber(TenantDirectory directory, Registered registered, String phoneNumber) {
    KubernetesClient client = TestEnvironment.CLUSTER.client();
    var resource = client.configMaps().withName(PhoneNumberAssignments.CONFIG_MAP);
    if (resource.get() == null) {
      client.resource(PhoneNumberAssignments.empty(client.getNamespace())).create();
    }
    resource.edit(map -> {
      map.setData(new java.util.HashMap<>(map.getData() == null ? java.util.Map.of() : map.getData()));
      map.getData().put(PhoneNumberAssignments.keyOf(phoneNumber), registered.businessId().toString());
      return map;
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> directory.byPhoneNumber(phoneNumber)
        .map(t -> t.businessId().equals(registered.businessId())).orElse(false));
  }

  /** A Business answering the calls of an assigned number, and wanting its events at {@code webhookUrl}. */
  public static Registered registerWithPhone(TenantDirectory directory, String example, String phoneNumber,
                                             String webhookUrl) {
    Registered registered = register(directory, example, false, webhookUrl, phoneNumber);
    assignNumber(directory, registered, phoneNumber);
    return registered;
  }

  /** A Business that wants its events at {@code webhookUrl}. */
  public static Registered registerWithWebhook(TenantDirectory directory, String example, String webhookUrl) {
    return register(directory, example, false, webhookUrl, null);
  }

  private static Registered register(TenantDirectory directory, String example, boolean suspended,
                                     String webhookUrl, String phoneNumber) {
    KubernetesClient client = TestEnvironment.CLUSTER.client();
    String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
    Business business = client.resources(Business.class).load(new File("../examples/" + example)).item();
    business.getMetadata().setName(name);
    BusinessSpec s = business.getSpec();
    business.setSpec(new BusinessSpec(s.displayName(), s.type(), s.contact(), name, null, s.plan(), s.billing(),
        s.locale(), s.hours(), s.voice(), phoneNumber == null ? null : List.of(phoneNumber), s.widget(),
        s.branding(),
        webhookUrl == null ? s.notifications() : new Notifications(List.of(s.contact().email()), webhookUrl), s.handover(), s.tools(),
        s.integrations(), suspended));
    Business created = client.resource(business).create();
    UUID businessId = UUID.randomUUID();
    String host = name + ".localhost";
    created.setStatus(new BusinessStatus(1L, BusinessStatus.Phase.Ready, List.of(), businessId.toString(), name,
        "http://" + host, List.of(host), TestEnvironment.CREDENTIALS.nameOf(created.getMetadata().getNamespace(), name),
        List.of(), name, null, null, null));
    client.resource(created).updateStatus();
    Credentials credentials = Credentials.issue(businessId.toString(), null, Instant.now());
    client.resource(CredentialsSecret.desired(created, credentials, TestEnvironment.CREDENTIALS)).create();
    await().atMost(Duration.ofSeconds(5)).until(() -> directory.byKey(credentials.secretKey()).isPresent());
    return new Registered(name, businessId, credentials.secretKey(), credentials.publishableKey(), host);
  }

  /** Changes a registered Business's opening hours, as the dashboard or kubectl would; returns once seen. */
  public static void setHours(TenantDirectory directory, Registered registered, Hours hours) {
    KubernetesClient client = TestEnvironment.CLUSTER.client();
    Business business = client.resources(Business.class).withName(registered.name()).get();
    BusinessSpec s = business.getSpec();
    business.setSpec(new BusinessSpec(s.displayName(), s.type(), s.contact(), s.subdomain(), s.customDomains(),
        s.plan(), s.billing(), s.locale(), hours, s.voice(), s.phoneNumbers(), s.widget(), s.branding(),
        s.notifications(), s.handover(), s.tools(), s.integrations(), s.suspended()));
    client.resource(business).update();
    await().atMost(Duration.ofSeconds(5)).until(() -> hours.equals(
        directory.byKey(registered.secretKey()).map(m -> m.tenant().spec().hours()).orElse(null)));
  }

  /** Gives a registered Business an Ultravox agent in the fake, made from its spec as the operator makes it. */
  public static String giveAgent(TenantDirectory directory, Registered registered) {
    KubernetesClient client = TestEnvironment.CLUSTER.client();
    Business business = client.resources(Business.class).withName(registered.name()).get();
    UltravoxApi api = new UltravoxApi(TestEnvironment.ULTRAVOX.apiUrl(), UltravoxFake.API_KEY, Duration.ofSeconds(5));
    String agentId = api.createAgent("voice-" + registered.businessId(), CallTemplate.forAgent(business.getSpec(),
        business.getStatus().url(), Duration.ofSeconds(30))).agentId();
    BusinessStatus s = business.getStatus();
    business.setStatus(new BusinessStatus(s.observedGeneration(), s.phase(), s.conditions(), s.businessId(),
        s.subdomain(), s.url(), s.hosts(), s.credentialsSecret(), s.keys(), s.ingress(), s.certificates(),
        IntegrationsStatus.NONE.withUltravox(new IntegrationsStatus.UltravoxStatus(agentId, "voice-"
            + registered.businessId())), s.verifiedDomains()));
    client.resource(business).updateStatus();
    await().atMost(Duration.ofSeconds(5)).until(() -> agentId.equals(
        directory.byKey(registered.secretKey()).map(m -> m.tenant().agentId()).orElse(null)));
    return agentId;
  }

  /** Records the Stripe customer and subscription the operator made for a registered Business; returns once seen. */
  public static void giveStripe(TenantDirectory directory, Registered registered, String customerId,
                                String subscriptionId) {
    KubernetesClient client = TestEnvironment.CLUSTER.client();
    Business business = client.resources(Business.class).withName(registered.name()).get();
    BusinessStatus s = business.getStatus();
    IntegrationsStatus ids = s.integrations() == null ? IntegrationsStatus.NONE : s.integrations();
    business.setStatus(new BusinessStatus(s.observedGeneration(), s.phase(), s.conditions(), s.businessId(),
        s.subdomain(), s.url(), s.hosts(), s.credentialsSecret(), s.keys(), s.ingress(), s.certificates(),
        ids.withStripe(new IntegrationsStatus.StripeStatus(customerId, subscriptionId, null, "active")),
        s.verifiedDomains()));
    client.resource(business).updateStatus();
    await().atMost(Duration.ofSeconds(5)).until(() -> customerId.equals(
        directory.byKey(registered.secretKey()).map(m -> m.tenant().stripeCustomerId()).orElse(null)));
  }

  /** Sets a registered Business's phase, as the operator would (its runtime sees the change). */
  public static void setPhase(TenantDirectory directory, Registered registered, BusinessStatus.Phase phase) {
    KubernetesClient client = TestEnvironment.CLUSTER.client();
    Business business = client.resources(Business.class).withName(registered.name()).get();
    business.setStatus(business.getStatus().withPhase(phase));
    client.resource(business).updateStatus();
    await().atMost(Duration.ofSeconds(5)).until(() -> client.resources(Business.class).withName(registered.name())
        .get().getStatus().phase() == phase);
  }

  /** Changes a registered Business's spec, as the dashboard or kubectl would; returns once the runtime sees it. */
  public static void editSpec(TenantDirectory directory, Registered registered,
                              java.util.function.UnaryOperator<BusinessSpec> change) {
    KubernetesClient client = TestEnvironment.CLUSTER.client();
    Business business = client.resources(Business.class).withName(registered.name()).get();
    BusinessSpec changed = change.apply(business.getSpec());
    business.setSpec(changed);
    client.resource(business).update();
    await().atMost(Duration.ofSeconds(5)).until(() -> changed.equals(
        directory.byKey(registered.secretKey()).map(m -> m.tenant().spec()).orElse(null)));
  }
}
