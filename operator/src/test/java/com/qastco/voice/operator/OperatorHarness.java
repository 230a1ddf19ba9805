package com.qastco.voice.operator;

import com.qastco.voice.operator.config.OperatorConfig;
import static org.awaitility.Awaitility.await;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessStatus;
import com.qastco.voice.api.credentials.Credentials;
import com.qastco.voice.embedded.InMemoryKubernetes;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** An in-memory API server with the operator running against it, and the reads the tests make. */
final class OperatorHarness implements AutoCloseable {
  static final String NAMESPACE = "test";
  final InMemoryKubernetes cluster;
  final KubernetesClient client;
  private final Map<String, String> env = new HashMap<>(Map.of(
      "VOICE_PLATFORM_DOMAIN", "voice.example.com",
      "VOICE_LEADER_ELECTION", "false",
      "VOICE_OPERATOR_HTTP_PORT", "0",
      "VOICE_KEY_GRACE_PERIOD", "PT24H"));
  private VoiceOperator operator;
  final FakeDns dns;

  OperatorHarness(boolean certManager) {
    try {
      dns = new FakeDns();
    } catch (java.net.SocketException e) {
      throw new IllegalStateException(e);
    }
    env.put("VOICE_DNS_RESOLVER", dns.address());
    env.put("VOICE_DOMAIN_RECHECK", "PT1S");
    cluster = new InMemoryKubernetes(NAMESPACE);
    if (certManager) {
      cluster.loadCrd("cert-manager-certificates-crd.yaml");
    }
    client = cluster.client();
  }

  OperatorHarness with(String variable, String value) {
    env.put(variable, value);
    return this;
  }

  OperatorHarness start() {
    operator = VoiceOperator.start(client, OperatorConfig.from(env), Clock.systemUTC(), false);
    return this;
  }

  void stopOperator() {
    operator.close();
    operator = null;
  }

  VoiceOperator operator() {
    return operator;
  }

  Business apply(String example) {
    Business business = client.resources(Business.class).load(Path.of("../examples", example).toFile()).item();
    return client.resources(Business.class).inNamespace(NAMESPACE).resource(business).create();
  }

  Business create(String name, String subdomain, List<String> customDomains) {
    Business business = client.resources(Business.class).load(Path.of("../examples/dr-smith.yaml").toFile()).item();
    business.getMetadata().setName(name);
    var spec = business.getSpec();
    business.setSpec(new com.qastco.voice.api.v1alpha1.BusinessSpec(spec.displayName(), spec.type(), spec.contact(),
        subdomain, customDomains, spec.plan(), spec.billing(), spec.locale(), spec.hours(), spec.voice(),
        spec.phoneNumbers(), spec.widget(), spec.branding(), spec.notifications(), spec.handover(), spec.tools(), spec.integrations(),
        spec.suspended()));
    return client.resources(Business.class).inNamespace(NAMESPACE).resource(business).create();
  }

  /** Creates or replaces the platform Secret that configures the external systems. */
  void configurePlatform(Map<String, String> settings) {
    client.secrets().inNamespace(NAMESPACE).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
        .withNewMetadata().withName("voice-platform-integrations").withNamespace(NAMESPACE).endMetadata()
        .withStringData(settings).build()).createOr(r -> r.update());
  }

  Resource<Business> business(String name) {
    return client.resources(Business.class).inNamespace(NAMESPACE).withName(name);
  }

  Business edit(String name, UnaryOperator<Business> change) {
    return business(name).edit(change);
  }

  Business awaitPhase(String name, BusinessStatus.Phase phase) {
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      Business b = business(name).get();
      return b != null && b.getStatus() != null && b.getStatus().phase() == phase
          && b.getStatus().observedGeneration().equals(b.getMetadata().getGeneration());
    });
    return business(name).get();
  }

  /** The condition; an AssertionError (which a waiting assertion retries) while there is no status yet. */
  static Condition condition(Business business, String type) {
    if (business.getStatus() == null || business.getStatus().conditions() == null) {
      throw new AssertionError("no status yet on " + business.getMetadata().getName());
    }
    return business.getStatus().conditions().stream().filter(c -> c.getType().equals(type)).findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type + " in " + business.getStatus()));
  }

  Secret secret(String name) {
    return client.secrets().inNamespace(NAMESPACE).withName(name).get();
  }

  Credentials credentials(String business) {
    return Credentials.read(secret(business + "-credentials")).orElseThrow();
  }

  Ingress ingress(String name) {
    return client.network().v1().ingresses().inNamespace(NAMESPACE).withName(name).get();
  }

  List<String> eventReasons(String business) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getName().equals(business))
        .map(Event::getReason).toList();
  }

  /** The Events on a Business as "Reason: message". */
  List<String> events(String business) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getName().equals(business))
        .map(e -> e.getReason() + ": " + e.getMessage()).toList();
  }

  /** Every request the API server received since the last call, as "METHOD path". */
  List<String> drainRequests() throws InterruptedException {
    List<String> requests = new ArrayList<>();
    RecordedRequest request;
    while ((request = cluster.server().takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      requests.add(request.getMethod() + " " + request.getPath());
    }
    return requests;
  }

  /** Creates a Business whose owner has published the proof of each of its custom domains. */
  Business createProven(String name, String subdomain, List<String> customDomains) {
    Business created = create(name, subdomain, customDomains);
    customDomains.forEach(d -> proveDomain(name, d));
    return created;
  }

  /** Publishes the TXT record that proves a Business owns {@code domain}, once the Business has its id. */
  void proveDomain(String business, String domain) {
    String id = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
      Business b = business(business).get();
      return b == null || b.getStatus() == null ? null : b.getStatus().businessId();
    }, java.util.Objects::nonNull);
    dns.publishTxt(com.qastco.voice.api.domains.DomainProof.recordName(domain),
        com.qastco.voice.api.domains.DomainProof.token(id, domain));
  }

  @Override
  public void close() {
    dns.close();
    if (operator != null) {
      operator.close();
    }
    cluster.close();
  }
}
