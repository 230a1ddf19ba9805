package com.qastco.voice.runtime.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

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
    Registered mario = TestTenants.register(tenants, "mario-pizza.yaml", false);

    HttpResponse<String> page = http.toBlocking().exchange(
        HttpRequest.GET("/").header("Host", mario.host() + ":8080"), String.class);

    assertThat(page.code()).isEqualTo(200);
    assertThat(page.body()).contains("Mario&#39;s Pizza Palace");
    assertThat(refusal(HttpRequest.GET("/").header("Host", "nobody.localhost")).code()).isEqualTo(404);
  }

  @Test
  void aSuspendedBusinessShowsASuspendedPage() {
    Registered suspended = TestTenants.register(tenants, "mario-pizza.yaml", true);

    HttpClientResponseException refused = refusal(HttpRequest.GET("/").header("Host", suspended.host()));

    assertThat(refused.code()).isEqualTo(403);
    assertThat(refused.getResponse().getBody(String.class).orElseThrow()).contains("suspended");
  }

  private HttpClientResponseException refusal(HttpRequest<?> request) {
    try {
      http.toBlocking().exchange(request, String.class);
      throw new AssertionError("expected a refusal for " + request);
    } catch (HttpClientResponseException e) {
      return e;
    }
  }
}
