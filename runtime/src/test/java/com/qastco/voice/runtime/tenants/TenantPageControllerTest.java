package com.qastco.voice.runtime.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.api.v1alpha1.BusinessStatus;
import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import org.junit.jupiter.api.TestInstance;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.File;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantPageControllerTest implements RuntimeTest {

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory tenants;

  @Test
  void aTenantHostShowsItsBusinessAndUnknownHostsGetA404() {
    served("mario-pizza", false);

    HttpResponse<String> page = http.toBlocking().exchange(
        HttpRequest.GET("/").header("Host", "mario-pizza.localhost:8080"), String.class);

    assertThat(page.code()).isEqualTo(200);
    assertThat(page.body()).contains("Mario&#39;s Pizza Palace");
    assertThat(status(HttpRequest.GET("/").header("Host", "nobody.localhost"))).isEqualTo(404);
  }

  @Test
  void aSuspendedBusinessShowsASuspendedPage() {
    served("suspended-pizza", true);

    HttpClientResponseException refused = catchRefusal(HttpRequest.GET("/").header("Host",
        "suspended-pizza.localhost"));

    assertThat(refused.code()).isEqualTo(403);
    assertThat(refused.getResponse().getBody(String.class).orElseThrow()).contains("suspended");
  }

  /** A Business as the operator leaves it: routed to {@code <name>.localhost}. */
  private void served(String name, boolean suspended) {
    KubernetesClient client = TestEnvironment.CLUSTER.client();
    Business business = client.resources(Business.class).load(new File("../examples/mario-pizza.yaml")).item();
    business.getMetadata().setName(name);
    BusinessSpec s = business.getSpec();
    business.setSpec(new BusinessSpec(s.displayName(), s.type(), s.contact(), name, s.customDomains(), s.plan(),
        s.billing(), s.locale(), s.hours(), s.voice(), s.phoneNumbers(), s.widget(), s.branding(),
        s.notifications(), s.integrations(), suspended));
    Business created = client.resource(business).create();
    created.setStatus(new BusinessStatus(1L, BusinessStatus.Phase.Ready, List.of(), "id-" + name, name,
        "http://" + name + ".localhost", List.of(name + ".localhost"), null, List.of(), name, null));
    client.resource(created).updateStatus();
    await().atMost(Duration.ofSeconds(5)).until(() -> tenants.byHost(name + ".localhost").isPresent());
  }

  private int status(HttpRequest<?> request) {
    return catchRefusal(request).code();
  }

  private HttpClientResponseException catchRefusal(HttpRequest<?> request) {
    try {
      http.toBlocking().exchange(request, String.class);
      throw new AssertionError("expected a refusal for " + request);
    } catch (HttpClientResponseException e) {
      return e;
    }
  }
}
