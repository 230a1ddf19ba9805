package com.qastco.voice.operator.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.io.File;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantIngressTest {
  static final OperatorConfig CONFIG = OperatorConfig.from(Map.of(
      "VOICE_PLATFORM_DOMAIN", "voice.example.com", "VOICE_RUNTIME_SERVICE", "runtime",
      "VOICE_RUNTIME_SERVICE_PORT", "8080", "VOICE_INGRESS_CLASS", ""));

  @Test
  void routesEveryHostToTheRuntimeWithTheWildcardAndPerDomainCertificates() {
    Business business = example("dr-smith.yaml");
    Routing routing = new Routing("dr-smith.voice.example.com", List.of("book.drsmithclinic.example"),
        Map.of(), Map.of(), List.of("book.drsmithclinic.example"));

    Ingress ingress = TenantIngress.desired(business, "id-1", routing, CONFIG, true);

    assertThat(ingress.getSpec().getIngressClassName()).as("empty class means the cluster default").isNull();
    assertThat(ingress.getSpec().getRules()).extracting(IngressRule::getHost)
        .containsExactly("dr-smith.voice.example.com", "book.drsmithclinic.example");
    assertThat(ingress.getSpec().getRules()).allSatisfy(r -> {
      var backend = r.getHttp().getPaths().get(0).getBackend().getService();
      assertThat(backend.getName()).isEqualTo("runtime");
      assertThat(backend.getPort().getNumber()).isEqualTo(8080);
    });
    assertThat(ingress.getSpec().getTls()).extracting(IngressTLS::getSecretName)
        .containsExactly("voice-platform-wildcard-tls", "dr-smith-domain-" + digest("book.drsmithclinic.example")
            + "-tls");
    assertThat(ingress.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("Business"));
  }

  @Test
  void withoutCertificatesCustomDomainsAreRoutedWithoutTls() {
    Routing routing = new Routing("dr-smith.voice.example.com", List.of("book.drsmithclinic.example"),
        Map.of(), Map.of(), List.of("book.drsmithclinic.example"));

    Ingress ingress = TenantIngress.desired(example("dr-smith.yaml"), "id-1", routing, CONFIG, false);

    assertThat(ingress.getSpec().getTls()).singleElement()
        .satisfies(t -> assertThat(t.getHosts()).containsExactly("dr-smith.voice.example.com"));
  }

  @Test
  void hostsUnderThePlatformDomainAreThePlatformsOnly() {
    assertThat(HostClaims.isUnderPlatformDomain("voice.example.com", CONFIG)).isTrue();
    assertThat(HostClaims.isUnderPlatformDomain("shop.voice.example.com", CONFIG)).isTrue();
    assertThat(HostClaims.isUnderPlatformDomain("myvoice.example.com", CONFIG)).isFalse();
  }

  @Test
  void theOldestClaimantHoldsAHostAndTiesGoByName() {
    Business older = named("zeta", "2026-11-01T00:00:00Z");
    Business newer = named("alpha", "2026-11-02T00:00:00Z");
    Business twin = named("beta", "2026-11-01T00:00:00Z");

    assertThat(HostClaims.holder(List.of(newer, older))).contains(older);
    assertThat(HostClaims.holder(List.of(older, twin))).contains(twin);
  }

  static Business named(String name, String created) {
    Business business = new Business();
    business.getMetadata().setName(name);
    business.getMetadata().setNamespace("voice");
    business.getMetadata().setCreationTimestamp(created);
    return business;
  }

  static Business example(String file) {
    Business business = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
        readFile(new File("../examples", file)), Business.class);
    business.getMetadata().setNamespace("voice");
    return business;
  }

  private static String readFile(File file) {
    try {
      return java.nio.file.Files.readString(file.toPath());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String digest(String domain) {
    return com.qastco.voice.api.credentials.ApiKey.sha256(domain).substring(0, 10);
  }
}
