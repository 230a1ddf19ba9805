package com.qastco.voice.operator;

import com.qastco.voice.operator.config.OperatorConfig;
import com.qastco.voice.operator.kubernetes.Labels;
import static com.qastco.voice.api.v1alpha1.BusinessStatus.Phase.Ready;
import static com.qastco.voice.api.v1alpha1.BusinessStatus.Phase.SubdomainConflict;
import static com.qastco.voice.api.v1alpha1.BusinessStatus.Phase.Suspended;
import static com.qastco.voice.operator.OperatorHarness.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.api.credentials.ApiKey;
import com.qastco.voice.api.credentials.Credentials;
import com.qastco.voice.operator.tls.Certificate;
import com.qastco.voice.api.domains.DomainProof;
import com.qastco.voice.api.telephony.PhoneNumberAssignments;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BusinessOperatorTest {
  private OperatorHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private OperatorHarness withCertManager() {
    harness = new OperatorHarness(true).start();
    return harness;
  }

  @Test
  void aNewBusinessBecomesReadyWithKeysIngressAndStatus() {
    withCertManager().apply("mario-pizza.yaml");

    Business business = harness.awaitPhase("mario-pizza", Ready);

    var status = business.getStatus();
    assertThat(status.url()).isEqualTo("https://mario-pizza.voice.example.com");
    assertThat(status.hosts()).containsExactly("mario-pizza.voice.example.com");
    assertThat(status.subdomain()).isEqualTo("mario-pizza");
    assertThat(status.businessId()).matches("[0-9a-f-]{36}");
    assertThat(status.credentialsSecret()).isEqualTo("mario-pizza-credentials");
    assertThat(status.keys()).extracting(k -> k.type()).containsExactlyInAnyOrder("secret", "publishable");
    assertThat(status.conditions()).extracting(c -> c.getType() + "=" + c.getStatus()).containsExactly(
        "SubdomainClaimed=True", "CredentialsReady=True", "IngressReady=True", "CustomDomainsReady=True",
        "PhoneNumbersAssigned=False", "RedisReady=False", "ErpnextReady=False", "UltravoxReady=False", "StripeReady=False", "Suspended=False",
        "Ready=True");
    // No platform Secret here: the external systems are off, say so, and do not hold up Ready.
    assertThat(List.of("RedisReady", "ErpnextReady", "UltravoxReady", "StripeReady"))
        .allSatisfy(type -> assertThat(condition(business, type).getReason()).isEqualTo("NotConfigured"));
    assertThat(condition(business, "RedisReady").getMessage()).contains("redis-url", "voice-platform-integrations");
    assertThat(business.getMetadata().getFinalizers()).isNotEmpty();

    Credentials credentials = harness.credentials("mario-pizza");
    assertThat(credentials.secretKey()).startsWith("sk_").hasSizeGreaterThan(40);
    assertThat(credentials.publishableKey()).startsWith("pk_");
    assertThat(credentials.businessId()).isEqualTo(status.businessId());
    assertThat(credentials.keys()).extracting(ApiKey::sha256)
        .contains(ApiKey.sha256(credentials.secretKey()), ApiKey.sha256(credentials.publishableKey()));
    // The status names keys, it never holds them.
    String statusJson = harness.client.getKubernetesSerialization().asJson(status);
    assertThat(statusJson).doesNotContain(credentials.secretKey()).doesNotContain(credentials.publishableKey());

    Ingress ingress = harness.ingress("mario-pizza");
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    IngressRule rule = ingress.getSpec().getRules().get(0);
    assertThat(rule.getHost()).isEqualTo("mario-pizza.voice.example.com");
    assertThat(rule.getHttp().getPaths().get(0).getBackend().getService().getName()).isEqualTo("voice-runtime");
    assertThat(ingress.getSpec().getTls()).extracting(IngressTLS::getSecretName)
        .containsExactly("voice-platform-wildcard-tls");
    assertThat(ingress.getMetadata().getAnnotations()).containsEntry("voice.qastco.com/suspended", "false")
        .containsEntry("voice.qastco.com/business-id", status.businessId());
    // One Event tells a new Business's story (a write per Business, not one per part); later changes get theirs.
    assertThat(harness.events("mario-pizza")).singleElement().asString().startsWith("Ready: Serving")
        .endsWith("its keys are in Secret " + status.credentialsSecret());
  }

  /**
   * The attack: claim a company's domain before it signs up. Before, the claim alone routed it and started an ACME
   * order; now nothing happens until the TXT record only the domain's owner can publish is there.
   */
  @Test
  void customDomainsGetHostsAndCertificatesOnlyOnceProvenAndLoseThemWhenRemoved() {
    withCertManager().create("clinic", "clinic", List.of("book.clinic.example", "www.clinic.example"));
    Business unproven = harness.awaitPhase("clinic", Ready); // the platform host works meanwhile
    assertThat(certificates()).isEmpty();
    assertThat(harness.ingress("clinic").getSpec().getRules()).extracting(IngressRule::getHost)
        .containsExactly("clinic.voice.example.com");
    var waiting = condition(unproven, "CustomDomainsReady");
    assertThat(waiting.getReason()).isEqualTo("AwaitingProof");
    assertThat(waiting.getMessage()).contains("book.clinic.example waits for proof of ownership: publish a DNS TXT"
        + " record _voice-challenge.book.clinic.example with the value " + DomainProof.token(
            unproven.getStatus().businessId(), "book.clinic.example"));
    harness.dns.publishTxt("_voice-challenge.www.clinic.example", DomainProof.token(UUID.randomUUID().toString(),
        "www.clinic.example")); // another Business's token proves nothing for this one

    harness.proveDomain("clinic", "book.clinic.example");
    harness.proveDomain("clinic", "www.clinic.example");
    await().atMost(Duration.ofSeconds(10)).until(() -> certificates().size() == 2);
    assertThat(harness.business("clinic").get().getStatus().verifiedDomains())
        .containsExactly("book.clinic.example", "www.clinic.example");

    List<Certificate> certificates = certificates();
    assertThat(certificates).hasSize(2);
    assertThat(certificates).allSatisfy(c -> {
      assertThat(c.getSpec().issuerRef().name()).isEqualTo("letsencrypt-prod");
      assertThat(c.getSpec().issuerRef().kind()).isEqualTo("ClusterIssuer");
    });
    assertThat(certificates).flatExtracting(c -> c.getSpec().dnsNames())
        .containsExactlyInAnyOrder("book.clinic.example", "www.clinic.example");
    Ingress ingress = harness.ingress("clinic");
    assertThat(ingress.getSpec().getRules()).extracting(IngressRule::getHost)
        .containsExactly("clinic.voice.example.com", "book.clinic.example", "www.clinic.example");
    assertThat(ingress.getSpec().getTls()).hasSize(3);
    assertThat(condition(harness.business("clinic").get(), "CustomDomainsReady").getReason()).isEqualTo("Issuing");

    // cert-manager reports one certificate issued, then the other.
    certificates.forEach(this::markIssued);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(condition(harness.business("clinic").get(), "CustomDomainsReady").getReason())
            .isEqualTo("CertificatesIssued"));

    String wwwCertificate = certificates.stream()
        .filter(c -> c.getSpec().dnsNames().contains("www.clinic.example")).findFirst().orElseThrow()
        .getMetadata().getName();
    harness.client.secrets().inNamespace("test").resource(tlsSecret(wwwCertificate + "-tls")).create();
    harness.edit("clinic", b -> withSpec(b, s -> spec(s, s.subdomain(), List.of("book.clinic.example"), false)));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(harness.ingress("clinic").getSpec().getRules()).extracting(IngressRule::getHost)
          .containsExactly("clinic.voice.example.com", "book.clinic.example");
      assertThat(certificates()).flatExtracting(c -> c.getSpec().dnsNames()).containsExactly("book.clinic.example");
      assertThat(harness.secret(wwwCertificate + "-tls")).isNull();
    });
  }

  @Test
  void withoutCertManagerCustomDomainsAreRoutedAndTheConditionSaysWhy() {
    harness = new OperatorHarness(false).start();
    harness.createProven("clinic", "clinic", List.of("book.clinic.example"));

    await().atMost(Duration.ofSeconds(10)).until(() -> harness.ingress("clinic") != null
        && harness.ingress("clinic").getSpec().getRules().size() == 2);
    Business business = harness.awaitPhase("clinic", Ready);

    var domains = condition(business, "CustomDomainsReady");
    assertThat(domains.getStatus()).isEqualTo("False");
    assertThat(domains.getReason()).isEqualTo("CertManagerMissing");
    assertThat(domains.getMessage()).contains("cert-manager is not installed");
    Ingress ingress = harness.ingress("clinic");
    assertThat(ingress.getSpec().getRules()).extracting(IngressRule::getHost)
        .containsExactly("clinic.voice.example.com", "book.clinic.example");
    assertThat(ingress.getSpec().getTls()).extracting(IngressTLS::getSecretName)
        .containsExactly("voice-platform-wildcard-tls");
  }

  /** Before, the operator looked for cert-manager once at start-up: installed later, it took a restart. */
  @Test
  void certManagerInstalledAfterTheOperatorIsFoundWithoutARestart() {
    harness = new OperatorHarness(false).start();
    harness.createProven("clinic", "clinic", List.of("book.clinic.example"));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(condition(harness.business("clinic").get(), "CustomDomainsReady").getReason())
            .isEqualTo("CertManagerMissing"));

    harness.cluster.loadCrd("cert-manager-certificates-crd.yaml");

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(certificates()).flatExtracting(c -> c.getSpec().dnsNames()).containsExactly("book.clinic.example");
      assertThat(condition(harness.business("clinic").get(), "CustomDomainsReady").getReason()).isEqualTo("Issuing");
      assertThat(harness.ingress("clinic").getSpec().getTls()).hasSize(2);
    });
    markIssued(certificates().get(0));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(condition(harness.business("clinic").get(), "CustomDomainsReady").getReason())
            .isEqualTo("CertificatesIssued"));
  }

  @Test
  void aDomainGoesToTheBusinessThatProvedItNotToTheFirstToClaimIt() throws Exception {
    withCertManager().create("squatter", "squatter", List.of("shop.example.org", "evil.voice.example.com"));
    harness.awaitPhase("squatter", Ready);
    Thread.sleep(1100); // creation timestamps have one-second resolution: the squatter is the older
    harness.createProven("owner", "owner", List.of("shop.example.org"));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(harness.business("owner").get()
        .getStatus().hosts()).containsExactly("owner.voice.example.com", "shop.example.org"));
    Business squatter = harness.business("squatter").get();
    assertThat(squatter.getStatus().hosts()).containsExactly("squatter.voice.example.com");
    assertThat(condition(squatter, "CustomDomainsReady").getMessage())
        .contains("shop.example.org waits for proof of ownership")
        .contains("evil.voice.example.com is under the platform domain voice.example.com");
    assertThat(certificates()).flatExtracting(c -> c.getSpec().dnsNames()).containsExactly("shop.example.org");

    // Both proven (the domain changed hands): the one serving it keeps it until it lets go, and nobody is named.
    harness.proveDomain("squatter", "shop.example.org");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(condition(harness.business("squatter")
        .get(), "CustomDomainsReady").getMessage()).contains("shop.example.org is already used by another Business")
        .doesNotContain("owner"));
  }

  @Test
  void aBusinessMayHaveOnlyAFewDomainsWaitingForProof() {
    withCertManager().create("many", "many", List.of("a.example.org", "b.example.org", "c.example.org",
        "d.example.org", "e.example.org"));

    Business many = harness.awaitPhase("many", Ready);

    String message = condition(many, "CustomDomainsReady").getMessage();
    assertThat(message).contains("a.example.org waits for proof", "c.example.org waits for proof")
        .contains("d.example.org is not checked: at most 3 domains may wait for proof at once");
  }

  @Test
  void aChangedSubdomainThatReachesTheOperatorIsIgnored() {
    withCertManager().apply("mario-pizza.yaml");
    harness.awaitPhase("mario-pizza", Ready);

    // The CRD's CEL rule refuses this on a real API server; the mock lets it through.
    harness.edit("mario-pizza", b -> withSpec(b, s -> spec(s, "marios", s.customDomains(), false)));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Business business = harness.business("mario-pizza").get();
      assertThat(business.getStatus().observedGeneration()).isEqualTo(business.getMetadata().getGeneration());
      assertThat(condition(business, "SubdomainClaimed").getReason()).isEqualTo("SubdomainChangeIgnored");
      assertThat(business.getStatus().subdomain()).isEqualTo("mario-pizza");
      assertThat(business.getStatus().phase()).isEqualTo(Ready);
    });
    assertThat(harness.ingress("mario-pizza").getSpec().getRules().get(0).getHost())
        .isEqualTo("mario-pizza.voice.example.com");
  }

  @Test
  void suspendingKeepsEverythingAndMarksTheIngressAndResumingRestoresIt() {
    withCertManager().apply("mario-pizza.yaml");
    harness.awaitPhase("mario-pizza", Ready);
    Credentials before = harness.credentials("mario-pizza");

    harness.edit("mario-pizza", b -> withSpec(b, s -> spec(s, s.subdomain(), s.customDomains(), true)));
    Business suspended = harness.awaitPhase("mario-pizza", Suspended);

    assertThat(condition(suspended, "Suspended").getStatus()).isEqualTo("True");
    assertThat(condition(suspended, "Ready").getReason()).isEqualTo("Suspended");
    assertThat(harness.ingress("mario-pizza").getMetadata().getAnnotations())
        .containsEntry("voice.qastco.com/suspended", "true");
    assertThat(harness.credentials("mario-pizza").secretKey()).isEqualTo(before.secretKey());

    harness.edit("mario-pizza", b -> withSpec(b, s -> spec(s, s.subdomain(), s.customDomains(), false)));
    harness.awaitPhase("mario-pizza", Ready);
    assertThat(harness.ingress("mario-pizza").getMetadata().getAnnotations())
        .containsEntry("voice.qastco.com/suspended", "false");
    assertThat(harness.credentials("mario-pizza").secretKey()).isEqualTo(before.secretKey());
    assertThat(harness.eventReasons("mario-pizza")).contains("Suspended", "Resumed");
  }

  /** A Business kept in Git may list a number; it reaches the Business only once the platform assigned it there. */
  @Test
  void aPhoneNumberListedButNotAssignedIsRefusedWithAConditionUntilThePlatformAssignsIt() {
    withCertManager().apply("mario-pizza.yaml"); // lists +14155550100
    Business listed = harness.awaitPhase("mario-pizza", Ready); // a number is the platform's: it does not gate Ready
    var refused = condition(listed, "PhoneNumbersAssigned");
    assertThat(refused.getStatus()).isEqualTo("False");
    assertThat(refused.getReason()).isEqualTo("NotAssigned");
    assertThat(refused.getMessage()).startsWith("+14155550100 is not assigned to this Business by the platform");

    harness.client.resource(new ConfigMapBuilder().withNewMetadata().withName(PhoneNumberAssignments.CONFIG_MAP)
        .withNamespace(OperatorHarness.NAMESPACE).endMetadata()
        .addToData("14155550100", listed.getStatus().businessId()).build()).create();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      var assigned = condition(harness.business("mario-pizza").get(), "PhoneNumbersAssigned");
      assertThat(assigned.getStatus()).isEqualTo("True");
      assertThat(assigned.getMessage()).isEqualTo("Calls to +14155550100 reach this Business");
    });
  }

  @Test
  void theOlderBusinessKeepsASubdomainAndTheNewerGetsItWhenTheOlderIsGone() throws Exception {
    withCertManager().create("first", "pizza", null);
    harness.awaitPhase("first", Ready);
    Thread.sleep(1100); // creation timestamps have one-second resolution
    harness.create("second", "pizza", null);

    Business second = harness.awaitPhase("second", SubdomainConflict);
    assertThat(condition(second, "SubdomainClaimed").getMessage()).contains("taken by another Business")
        .doesNotContain("first");
    assertThat(harness.secret("second-credentials")).isNull();
    assertThat(second.getStatus().businessId()).isNull();
    assertThat(condition(second, "Ready").getStatus()).isEqualTo("False");
    assertThat(second.getStatus().url()).isNull();
    assertThat(harness.ingress("second")).isNull();
    assertThat(harness.eventReasons("second")).contains("SubdomainConflict");
    assertThat(harness.ingress("first").getSpec().getRules().get(0).getHost()).isEqualTo("pizza.voice.example.com");

    harness.business("first").delete();

    Business handedOver = harness.awaitPhase("second", Ready);
    assertThat(handedOver.getStatus().url()).isEqualTo("https://pizza.voice.example.com");
    assertThat(harness.ingress("second").getSpec().getRules().get(0).getHost()).isEqualTo("pizza.voice.example.com");
  }

  @Test
  void rotatingKeysIssuesNewOnesAndRetiresTheOldAfterTheGracePeriod() {
    harness = new OperatorHarness(true).with("VOICE_KEY_GRACE_PERIOD", "PT3S").start();
    harness.apply("mario-pizza.yaml");
    harness.awaitPhase("mario-pizza", Ready);
    Credentials old = harness.credentials("mario-pizza");

    harness.edit("mario-pizza", b -> {
      b.getMetadata().getAnnotations().put(Business.ROTATE_KEYS_ANNOTATION, "2026-11-25T10:00:00Z");
      return b;
    });

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Credentials rotated = harness.credentials("mario-pizza");
      assertThat(rotated.secretKey()).isNotEqualTo(old.secretKey());
      assertThat(rotated.publishableKey()).isNotEqualTo(old.publishableKey());
      assertThat(rotated.keys()).hasSize(4);
      assertThat(rotated.keys()).filteredOn(k -> k.sha256().equals(ApiKey.sha256(old.secretKey())))
          .singleElement().satisfies(k -> assertThat(k.expiresAt()).isNotNull());
      assertThat(rotated.businessId()).isEqualTo(old.businessId());
      assertThat(harness.business("mario-pizza").get().getStatus().keys()).hasSize(4);
    });

    // After the grace period only the new keys are valid, with no further prompt.
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      Credentials current = harness.credentials("mario-pizza");
      assertThat(current.keys()).hasSize(2).allSatisfy(k -> assertThat(k.expiresAt()).isNull());
      assertThat(current.keys()).extracting(ApiKey::sha256).doesNotContain(ApiKey.sha256(old.secretKey()));
      assertThat(harness.business("mario-pizza").get().getStatus().keys()).hasSize(2);
    });
    assertThat(harness.eventReasons("mario-pizza")).contains("KeysRotated", "KeysExpired");
  }

  @Test
  void aRotationThatRevokesThePreviousKeysLeavesThemNoGracePeriod() {
    harness = new OperatorHarness(false).start();
    harness.apply("mario-pizza.yaml");
    harness.awaitPhase("mario-pizza", Ready);
    Credentials leaked = harness.credentials("mario-pizza");

    harness.edit("mario-pizza", b -> {
      b.getMetadata().getAnnotations().put(Business.ROTATE_KEYS_ANNOTATION, "2026-12-06T04:00:00Z");
      b.getMetadata().getAnnotations().put(Business.REVOKE_PREVIOUS_KEYS_ANNOTATION, "true");
      return b;
    });

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Credentials now = harness.credentials("mario-pizza");
      assertThat(now.secretKey()).isNotEqualTo(leaked.secretKey());
      assertThat(now.keys()).extracting(ApiKey::sha256).doesNotContain(ApiKey.sha256(leaked.secretKey()),
          ApiKey.sha256(leaked.publishableKey())).hasSize(2);
    });
  }

  @Test
  void childrenDeletedOrEditedByHandAreRestored() {
    withCertManager().createProven("clinic", "clinic", List.of("book.clinic.example"));
    await().atMost(Duration.ofSeconds(10)).until(() -> !certificates().isEmpty());
    harness.awaitPhase("clinic", Ready);
    Credentials keys = harness.credentials("clinic");
    Ingress original = harness.ingress("clinic");

    harness.client.resource(original).delete();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(harness.ingress("clinic")).isNotNull()
            .satisfies(i -> assertThat(i.getSpec()).isEqualTo(original.getSpec())));

    harness.client.network().v1().ingresses().inNamespace("test").withName("clinic").edit(i -> {
      i.getSpec().getRules().get(0).setHost("hijacked.example.net");
      return i;
    });
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(harness.ingress("clinic").getSpec()).isEqualTo(original.getSpec()));

    harness.client.secrets().inNamespace("test").withName("clinic-credentials").edit(s -> {
      s.getMetadata().getLabels().remove(Labels.BUSINESS);
      return s;
    });
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Secret secret = harness.secret("clinic-credentials");
      assertThat(secret.getMetadata().getLabels()).containsEntry(Labels.BUSINESS, "clinic");
      assertThat(harness.credentials("clinic").secretKey()).isEqualTo(keys.secretKey());
    });

    harness.client.secrets().inNamespace("test").withName("clinic-credentials").delete();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Credentials reissued = harness.credentials("clinic");
      assertThat(reissued.businessId()).isEqualTo(keys.businessId());
      assertThat(reissued.secretKey()).isNotEqualTo(keys.secretKey());
    });

    Certificate certificate = certificates().get(0);
    harness.client.resource(certificate).delete();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(certificates()).hasSize(1));
    harness.client.resources(Certificate.class).inNamespace("test").withName(certificate.getMetadata().getName())
        .edit(c -> {
          c.setSpec(new Certificate.Spec("stolen-tls", List.of("bank.example"), c.getSpec().issuerRef()));
          return c;
        });
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(certificates().get(0).getSpec()).isEqualTo(certificate.getSpec()));
  }

  @Test
  void aReadyBusinessCausesNoFurtherWrites() throws Exception {
    withCertManager().apply("mario-pizza.yaml");
    harness.awaitPhase("mario-pizza", Ready);
    Thread.sleep(500);
    harness.drainRequests();

    // A change that is not the operator's business still makes it reconcile.
    harness.edit("mario-pizza", b -> {
      b.getMetadata().getLabels().put("team", "kitchen");
      return b;
    });
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);

    List<String> requests = harness.drainRequests();
    assertThat(requests).filteredOn(r -> !r.startsWith("GET")).hasSize(1)
        .allMatch(r -> r.equals("PATCH /apis/voice.qastco.com/v1alpha1/namespaces/test/businesses/mario-pizza"));
  }

  @Test
  void withACredentialsNamespaceTheKeysLiveThereAloneAndGoWithTheirBusiness() {
    harness = new OperatorHarness(false).with("VOICE_CREDENTIALS_NAMESPACE", "voice-credentials").start();
    harness.apply("mario-pizza.yaml");
    harness.awaitPhase("mario-pizza", Ready);

    Secret keys = harness.client.secrets().inNamespace("voice-credentials").withName("test.mario-pizza-credentials")
        .get();
    assertThat(keys).isNotNull();
    assertThat(keys.getMetadata().getOwnerReferences()).isEmpty(); // none can point across namespaces
    assertThat(keys.getMetadata().getLabels()).containsEntry("voice.qastco.com/business-namespace", "test");
    assertThat(harness.secret("mario-pizza-credentials")).isNull(); // nothing next to the Business
    assertThat(harness.business("mario-pizza").get().getStatus().credentialsSecret())
        .isEqualTo("test.mario-pizza-credentials");

    // Deleted by hand: the operator sees it in that namespace and issues keys again.
    harness.client.secrets().inNamespace("voice-credentials").withName("test.mario-pizza-credentials").delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.client.secrets().inNamespace("voice-credentials")
        .withName("test.mario-pizza-credentials").get() != null);

    harness.business("mario-pizza").delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.client.secrets().inNamespace("voice-credentials")
        .withName("test.mario-pizza-credentials").get() == null);
  }

  @Test
  void deletingABusinessRemovesEverythingTheOperatorMadeBeforeItDisappears() {
    withCertManager().createProven("clinic", "clinic", List.of("book.clinic.example"));
    await().atMost(Duration.ofSeconds(10)).until(() -> !certificates().isEmpty());
    String tlsSecret = certificates().get(0).getSpec().secretName();
    harness.client.secrets().inNamespace("test").resource(tlsSecret(tlsSecret)).create();

    harness.business("clinic").delete();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(harness.business("clinic").get()).isNull();
      assertThat(harness.ingress("clinic")).isNull();
      assertThat(harness.secret("clinic-credentials")).isNull();
      assertThat(harness.secret(tlsSecret)).isNull();
      assertThat(certificates()).isEmpty();
    });
  }

  @Test
  void anOperatorRestartedDuringProvisioningConvergesWithoutDuplicates() {
    withCertManager().create("clinic", "clinic", List.of("book.clinic.example"));
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.secret("clinic-credentials") != null);
    harness.stopOperator();
    Credentials issued = harness.credentials("clinic");

    harness.start();
    Business business = harness.awaitPhase("clinic", Ready);
    harness.proveDomain("clinic", "book.clinic.example");
    await().atMost(Duration.ofSeconds(10)).until(() -> certificates().size() == 1);

    assertThat(harness.credentials("clinic").secretKey()).isEqualTo(issued.secretKey());
    assertThat(business.getStatus().businessId()).isEqualTo(issued.businessId());
    assertThat(harness.client.secrets().inNamespace("test").withLabel(Labels.BUSINESS, "clinic").list().getItems())
        .hasSize(1);
    assertThat(harness.client.network().v1().ingresses().inNamespace("test").list().getItems()).hasSize(1);
    assertThat(certificates()).hasSize(1);
  }

  @Test
  void aRefusedWriteIsReportedInTheStatusAndRetriedUntilItWorks() {
    // 5xx answers are retried inside the Kubernetes client already; a refusal (here RBAC, as after a botched
    // upgrade of the operator's Role) reaches the reconciler.
    harness = new OperatorHarness(false);
    harness.cluster.server().expect().post().withPath("/apis/networking.k8s.io/v1/namespaces/test/ingresses")
        .andReturn(403, new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(403).withReason("Forbidden")
            .withMessage("ingresses.networking.k8s.io is forbidden: cannot create resource \"ingresses\"").build())
        .times(2);
    harness.start().apply("techsupport.yaml");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Business business = harness.business("techsupport").get();
      assertThat(business.getStatus()).isNotNull();
      var ready = condition(business, "Ready");
      assertThat(ready.getReason()).isEqualTo("ReconcileError");
      assertThat(ready.getMessage()).contains("ingresses.networking.k8s.io is forbidden");
    });
    assertThat(harness.eventReasons("techsupport")).containsOnlyOnce("ReconcileFailed");

    Business recovered = harness.awaitPhase("techsupport", Ready);
    assertThat(condition(recovered, "Ready").getReason()).isEqualTo("Ready");
  }

  @Test
  void withLeaderElectionTheOperatorTakesTheLeaseAndReconciles() {
    harness = new OperatorHarness(false).with("VOICE_LEADER_ELECTION", "true").start();
    harness.apply("techsupport.yaml");

    harness.awaitPhase("techsupport", Ready);

    assertThat(harness.client.leases().inNamespace("test").withName(VoiceOperator.LEASE_NAME).get()).isNotNull();
  }

  @Test
  void probesAndPrometheusMetricsAreServed() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    harness = new OperatorHarness(false).with("VOICE_OPERATOR_HTTP_PORT", Integer.toString(port)).start();
    harness.apply("techsupport.yaml");
    harness.awaitPhase("techsupport", Ready);
    var http = java.net.http.HttpClient.newHttpClient();
    String base = "http://localhost:" + port;

    var ready = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/readyz")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    var metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("operator_sdk_reconciliations").contains("jvm_memory_used_bytes");
  }

  @Test
  void theMetricsCountBusinessesByFailingConditionWithoutNamingAny() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    harness = new OperatorHarness(false).with("VOICE_OPERATOR_HTTP_PORT", Integer.toString(port)).start();
    harness.create("older-cafe", "cafe-town", null);
    harness.awaitPhase("older-cafe", Ready);
    Thread.sleep(1100); // creation timestamps have one-second resolution
    harness.create("newer-cafe", "cafe-town", null);
    harness.awaitPhase("newer-cafe", SubdomainConflict);
    var http = java.net.http.HttpClient.newHttpClient();

    String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
        + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();

    assertThat(metrics).contains("voice_businesses 2.0", "voice_businesses_suspended 0.0",
        "voice_businesses_failing{condition=\"Ready\"} 1.0",
        "voice_businesses_failing{condition=\"SubdomainClaimed\"} 1.0",
        "voice_businesses_failing{condition=\"CredentialsReady\"} 0.0",
        // ERPNext, Stripe… are not configured on this platform: switched off, not failing.
        "voice_businesses_failing{condition=\"ErpnextReady\"} 0.0");
    assertThat(metrics).doesNotContain("older-cafe", "newer-cafe", "cafe-town");
  }

  @Test
  void aStandbyReplicaTakesOverWhenTheLeaderStops() {
    harness = new OperatorHarness(false).with("VOICE_LEADER_ELECTION", "true")
        .with("VOICE_LEADER_LEASE_DURATION", "PT3S").start();
    harness.apply("techsupport.yaml");
    harness.awaitPhase("techsupport", Ready);
    VoiceOperator standby = VoiceOperator.start(harness.client, OperatorConfig.from(Map.of(
        "VOICE_PLATFORM_DOMAIN", "voice.example.com", "VOICE_LEADER_ELECTION", "true",
        "VOICE_LEADER_LEASE_DURATION", "PT3S", "VOICE_OPERATOR_HTTP_PORT", "0")), java.time.Clock.systemUTC(), false);
    try {
      String leader = holder();
      harness.stopOperator();
      harness.apply("dr-smith.yaml");

      harness.awaitPhase("dr-smith", Ready);
      assertThat(holder()).isNotEqualTo(leader);
    } finally {
      standby.close();
    }
  }

  private String holder() {
    return harness.client.leases().inNamespace("test").withName(VoiceOperator.LEASE_NAME).get().getSpec()
        .getHolderIdentity();
  }

  private List<Certificate> certificates() {
    return harness.client.resources(Certificate.class).inNamespace("test").list().getItems();
  }

  private void markIssued(Certificate certificate) {
    harness.client.resources(Certificate.class).inNamespace("test").withName(certificate.getMetadata().getName())
        .editStatus(c -> {
          c.setStatus(new Certificate.Status(List.of(new io.fabric8.kubernetes.api.model.ConditionBuilder()
              .withType("Ready").withStatus("True").withReason("Ready").build())));
          return c;
        });
  }

  private static Secret tlsSecret(String name) {
    return new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName(name).endMetadata()
        .withType("kubernetes.io/tls").withData(Map.of("tls.crt", "", "tls.key", "")).build();
  }

  private static Business withSpec(Business business, java.util.function.UnaryOperator<BusinessSpec> change) {
    business.setSpec(change.apply(business.getSpec()));
    return business;
  }

  private static BusinessSpec spec(BusinessSpec s, String subdomain, List<String> customDomains, boolean suspended) {
    return new BusinessSpec(s.displayName(), s.type(), s.contact(), subdomain, customDomains, s.plan(), s.billing(),
        s.locale(), s.hours(), s.voice(), s.phoneNumbers(), s.widget(), s.branding(), s.notifications(), s.handover(), s.tools(),
        s.integrations(), suspended);
  }
}
