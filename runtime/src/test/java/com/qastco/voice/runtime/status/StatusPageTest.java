package com.qastco.voice.runtime.status;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.integrations.Json;
import com.qastco.voice.integrations.fakes.FrappeFake;
import com.qastco.voice.integrations.fakes.StripeFake;
import com.qastco.voice.integrations.fakes.TwilioFake;
import com.qastco.voice.integrations.fakes.UltravoxFake;
import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTwilio;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The public status page at status.&lt;domain&gt;, probing the fakes over HTTP as it would the real systems: each
 * outage shows as the part it hits, credentials refused as degraded, and nothing of any Business or of the
 * platform's keys is on it.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusPageTest implements RuntimeTest {
  private static final StripeFake STRIPE = new StripeFake();

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  PlatformStatus status;

  @Inject
  TenantDirectory directory;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(RuntimeTest.super.getProperties());
    properties.putAll(TestTwilio.properties());
    properties.put("voice.stripe.api-base", STRIPE.baseUrl());
    properties.put("voice.stripe.api-key", StripeFake.API_KEY);
    properties.put("voice.stripe.webhook-secrets", "whsec_status_page_test");
    properties.put("voice.status.timeout", "1s");
    properties.put("voice.status.interval", "1h"); // the test refreshes by itself
    return properties;
  }

  @AfterEach
  void heal() {
    TestEnvironment.ULTRAVOX.heal();
    TestEnvironment.ERPNEXT.heal();
    STRIPE.heal();
  }

  @AfterAll
  void stop() {
    STRIPE.close();
  }

  private String page() {
    return http.toBlocking().retrieve(HttpRequest.GET("/").header("Host", "status.localhost"));
  }

  private Map<String, String> states() throws Exception {
    String json = http.toBlocking().retrieve(HttpRequest.GET("/status.json").header("Host", "status.localhost"));
    Map<String, String> states = new HashMap<>();
    Json.tree(json).path("components").forEach(c -> states.put(c.path("name").asText(), c.path("state").asText()));
    states.put("overall", Json.tree(json).path("state").asText());
    return states;
  }

  @Test
  void everyPartIsOperationalWhenEverySystemAnswersAndThePageShowsNoBusinessAndNoKey() throws Exception {
    var tenant = TestTenants.register(directory, "mario-pizza.yaml", false);
    status.refresh();

    assertThat(states()).containsEntry("overall", "operational").containsEntry("Voice agents", "operational")
        .containsEntry("Voice provider", "operational").containsEntry("Telephony", "operational")
        .containsEntry("ERPNext", "operational").containsEntry("Billing", "operational");
    String page = page();
    assertThat(page).contains("All systems operational", "Voice provider", "Telephony", "ERPNext", "Billing");
    assertThat(page).doesNotContain(tenant.name(), "Mario", UltravoxFake.API_KEY, FrappeFake.API_SECRET,
        StripeFake.API_KEY, TwilioFake.AUTH_TOKEN, TwilioFake.ACCOUNT_SID);
  }

  @Test
  void anOutageShowsAsThePartItHitsAndRefusedCredentialsAsDegraded() throws Exception {
    status.refresh();
    String since = status.components().get(0).since().toString();
    TestEnvironment.ULTRAVOX.failEverything(aResponse().withStatus(503));
    TestEnvironment.ERPNEXT.failEverything(aResponse().withStatus(200).withFixedDelay(3000)); // past the timeout
    STRIPE.failEverything(aResponse().withStatus(401).withBody("{\"error\": {\"type\": \"invalid_request_error\"}}"));
    status.refresh();

    assertThat(states()).containsEntry("overall", "down").containsEntry("Voice agents", "operational")
        .containsEntry("Voice provider", "down").containsEntry("ERPNext", "down")
        .containsEntry("Billing", "degraded").containsEntry("Telephony", "operational");
    assertThat(page()).contains("Some systems have problems", "Degraded", "Down");
    assertThat(status.components().get(0).since().toString()).isEqualTo(since); // unchanged parts keep their time

    heal();
    status.refresh();
    assertThat(states()).containsEntry("overall", "operational");
  }

  @Test
  void theStatusIsServedOnTheStatusHostOnly() {
    var tenant = TestTenants.register(directory, "dr-smith.yaml", false);
    assertThat(http.toBlocking().retrieve(HttpRequest.GET("/").header("Host", tenant.host())))
        .doesNotContain("Platform status");
    HttpClientResponseException refused = org.junit.jupiter.api.Assertions.assertThrows(
        HttpClientResponseException.class, () -> http.toBlocking().exchange(HttpRequest.GET("/status.json")
            .header("Host", tenant.host())));
    assertThat(refused.getStatus().getCode()).isEqualTo(404);
    HttpResponse<String> page = http.toBlocking().exchange(HttpRequest.GET("/").header("Host", "status.localhost"),
        String.class);
    assertThat(page.getHeaders().get("Content-Security-Policy")).isNotBlank();
  }
}
