package com.qastco.voice.runtime.customers;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestScenarios;
import com.qastco.voice.runtime.TestHttp;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.tools.ToolCalls;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomersApiTest implements RuntimeTest {
  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  TestScenarios scenarios;

  @Test
  void aCustomerIsCreatedFoundUpdatedAndDeleted() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);

    Answer created = send(mario, HttpRequest.POST("/api/v1/customers", Map.of("name", "Ann", "phone", "+14155550123")));
    String id = created.get("id").toString();
    Answer found = send(mario, HttpRequest.GET("/api/v1/customers?phone=%2B14155550123"));
    Answer updated = send(mario, HttpRequest.PUT("/api/v1/customers/" + id, Map.of("name", "Ann B",
        "phone", "+14155550123", "email", "ann@example.com")));
    Answer deleted = send(mario, HttpRequest.DELETE("/api/v1/customers/" + id));

    assertThat(created.status()).isEqualTo(201);
    assertThat(found.get("total")).isEqualTo(1);
    assertThat(updated.get("email")).isEqualTo("ann@example.com");
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(send(mario, HttpRequest.GET("/api/v1/customers/" + id)).status()).isEqualTo(404);
  }

  @Test
  void badContactsAreRefusedAndDuplicatesConflict() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    send(mario, HttpRequest.POST("/api/v1/customers", Map.of("phone", "+14155550124")));

    assertThat(send(mario, HttpRequest.POST("/api/v1/customers", Map.of("phone", "555-0124"))).error())
        .isEqualTo("400 invalid_request: phone must be an E.164 number such as +14155550123");
    assertThat(send(mario, HttpRequest.POST("/api/v1/customers", Map.of("name", "Nobody"))).error())
        .isEqualTo("400 invalid_request: A customer needs a phone number or an e-mail address");
    assertThat(send(mario, HttpRequest.POST("/api/v1/customers", Map.of("email", "not-an-address"))).status())
        .isEqualTo(400);
    assertThat(send(mario, HttpRequest.POST("/api/v1/customers", Map.of("phone", "+14155550124"))).error())
        .isEqualTo("409 conflict: A customer with phone +14155550124 already exists");
  }

  @Test
  void aCustomerWithOrdersIsKeptAndAnotherBusinessCannotTouchIt() {
    ToolCalls mario = scenarios.call("mario-pizza.yaml");
    Registered clinic = TestTenants.register(directory, "dr-smith.yaml", false);
    mario.tool("place_order", Map.of("items", List.of(Map.of("name", "Tiramisu", "quantity", 1)),
        "customerName", "Cy", "customerPhone", "+14155550125"));
    Map<?, ?> customer = (Map<?, ?>) ((List<?>) send(mario.tenant(), HttpRequest.GET("/api/v1/customers"))
        .get("items")).get(0);
    String id = customer.get("id").toString();

    assertThat(send(mario.tenant(), HttpRequest.DELETE("/api/v1/customers/" + id)).error())
        .isEqualTo("409 conflict: The customer has orders, appointments or tickets and is kept with them");
    assertThat(send(clinic, HttpRequest.GET("/api/v1/customers/" + id)).status()).isEqualTo(404);
    assertThat(send(clinic, HttpRequest.PUT("/api/v1/customers/" + id, Map.of("phone", "+14155550999")))
        .status()).isEqualTo(404);
    assertThat(send(clinic, HttpRequest.DELETE("/api/v1/customers/" + id)).status()).isEqualTo(404);
    assertThat(send(clinic, HttpRequest.GET("/api/v1/customers")).get("total")).isEqualTo(0);
  }

  private Answer send(Registered tenant, MutableHttpRequest<?> request) {
    return TestHttp.send(http, request.header("Authorization", "Bearer " + tenant.secretKey()));
  }
}
