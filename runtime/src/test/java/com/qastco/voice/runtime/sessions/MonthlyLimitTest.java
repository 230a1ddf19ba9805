package com.qastco.voice.runtime.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestHttp;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Plans with one included session a month, to reach the limit quickly. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonthlyLimitTest implements RuntimeTest {
  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  SessionRepository sessions;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new java.util.HashMap<>(RuntimeTest.super.getProperties());
    properties.put("voice.plans.starter.included-sessions", "1");
    properties.put("voice.plans.professional.included-sessions", "1");
    return properties;
  }

  @Test
  void withAHardLimitNewSessionsAreRefusedOnceTheIncludedOnesAreUsed() {
    Registered clinic = TestTenants.register(directory, "dr-smith.yaml", false); // hardLimit: true

    Answer first = start(clinic);
    Answer second = start(clinic);

    assertThat(first.status()).isEqualTo(201);
    assertThat(second.error()).isEqualTo("402 session_limit_reached: Dr. Sarah Smith Clinic has used all 1 voice"
        + " sessions of its plan this billing period");
    assertThat(sessions.count(clinic.businessId())).isEqualTo(1);
  }

  @Test
  void withoutAHardLimitSessionsPastTheIncludedOnesAreOverage() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false); // hardLimit: false

    Answer first = start(mario);
    Answer second = start(mario);

    assertThat(first.get("overage")).isEqualTo(false);
    assertThat(second.status()).isEqualTo(201);
    assertThat(second.get("overage")).isEqualTo(true);
  }

  private Answer start(Registered tenant) {
    return TestHttp.send(http, HttpRequest.POST("/api/v1/sessions", Map.of())
        .header("Host", tenant.host()).header("Authorization", "Bearer " + tenant.secretKey()));
  }
}
