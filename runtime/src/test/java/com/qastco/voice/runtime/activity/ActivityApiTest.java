package com.qastco.voice.runtime.activity;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestScenarios;
import com.qastco.voice.runtime.TestHttp;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.tools.ToolCalls;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What callers created, as the business's own systems read and update it with the secret key. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActivityApiTest implements RuntimeTest {
  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  TestScenarios scenarios;

  @Test
  void ordersAreListedFilteredAndMovedAlong() {
    ToolCalls mario = scenarios.call("mario-pizza.yaml");
    mario.tool("place_order", Map.of("items", List.of(Map.of("name", "Tiramisu", "quantity", 2))));

    Answer all = get(mario, "/api/v1/orders");
    Answer placed = get(mario, "/api/v1/orders?status=placed&from=2020-01-01T00:00:00Z");
    Answer ready = get(mario, "/api/v1/orders?status=ready");

    assertThat(all.get("total")).isEqualTo(1);
    Map<?, ?> order = (Map<?, ?>) ((List<?>) all.get("items")).get(0);
    assertThat(order.get("total").toString()).isEqualTo("15.98");
    assertThat((List<?>) order.get("items")).hasSize(1);
    assertThat(placed.get("total")).isEqualTo(1);
    assertThat(ready.get("total")).isEqualTo(0);
    assertThat(get(mario, "/api/v1/orders?status=eaten").error())
        .isEqualTo("400 invalid_request: status must be one of cancelled, completed, placed, preparing, ready");
    assertThat(get(mario, "/api/v1/orders?from=yesterday").error())
        .isEqualTo("400 invalid_request: from must be an ISO-8601 instant such as 2026-11-25T00:00:00Z");

    assertThat(patch(mario, "/api/v1/orders/1", Map.of("status", "ready")).get("status")).isEqualTo("ready");
    assertThat(patch(mario, "/api/v1/orders/1", Map.of("status", "placed")).error())
        .isEqualTo("409 conflict: Order 1 is ready and cannot become placed");
    assertThat(get(mario, "/api/v1/orders/2").error()).isEqualTo("404 not_found: No order 2");
  }

  @Test
  void anotherBusinessSeesNoneOfIt() {
    ToolCalls mario = scenarios.call("mario-pizza.yaml");
    ToolCalls clinic = scenarios.call("dr-smith.yaml");
    mario.tool("place_order", Map.of("items", List.of(Map.of("name", "Tiramisu", "quantity", 1))));

    assertThat(get(clinic, "/api/v1/orders").get("total")).isEqualTo(0);
    assertThat(get(clinic, "/api/v1/orders/1").status()).isEqualTo(404);
    assertThat(patch(clinic, "/api/v1/orders/1", Map.of("status", "cancelled")).status()).isEqualTo(404);
    assertThat(get(mario, "/api/v1/orders/1").get("status")).isEqualTo("placed");
  }

  @Test
  void appointmentsAndTicketsAreReadAndUpdated() {
    ToolCalls clinic = scenarios.call("dr-smith.yaml");
    String monday = LocalDate.now(ZoneId.of("America/Chicago")).plusWeeks(1)
        .with(TemporalAdjusters.next(DayOfWeek.MONDAY)).toString();
    String id = clinic.tool("book_appointment", Map.of("service", "Blood Test", "date", monday, "time", "08:00",
        "customerName", "Ann", "customerPhone", "+13125550400")).get("appointmentId").toString();
    ToolCalls support = scenarios.call("techsupport.yaml");
    support.tool("create_ticket", Map.of("category", "Account Access", "subject", "Locked out"));

    Answer appointments = get(clinic, "/api/v1/appointments?status=booked");
    Answer cancelled = patch(clinic, "/api/v1/appointments/" + id, Map.of("status", "cancelled"));
    Answer again = patch(clinic, "/api/v1/appointments/" + id, Map.of("status", "completed"));
    Answer ticket = patch(support, "/api/v1/tickets/1", Map.of("status", "in_progress"));
    Answer badStatus = patch(support, "/api/v1/tickets/1", Map.of("status", "forgotten"));

    Map<?, ?> appointment = (Map<?, ?>) ((List<?>) appointments.get("items")).get(0);
    assertThat(appointment.get("service")).isEqualTo("Blood Test");
    assertThat(appointment.get("customerPhone")).isEqualTo("+13125550400");
    assertThat(cancelled.get("status")).isEqualTo("cancelled");
    assertThat(again.error()).isEqualTo("409 conflict: The appointment is cancelled already");
    assertThat(ticket.get("status")).isEqualTo("in_progress");
    assertThat(ticket.get("priority")).isEqualTo("high");
    assertThat(badStatus.status()).isEqualTo(400);
    assertThat(get(clinic, "/api/v1/tickets/1").status()).isEqualTo(404);
    assertThat(get(support, "/api/v1/appointments/" + id).status()).isEqualTo(404);
    assertThat(patch(support, "/api/v1/appointments/" + id, Map.of("status", "completed")).status()).isEqualTo(404);
    assertThat(get(support, "/api/v1/appointments").get("total")).isEqualTo(0);
  }

  @Test
  void sessionsAreListedForTheirOwnBusinessOnly() {
    ToolCalls mario = scenarios.call("mario-pizza.yaml");
    ToolCalls clinic = scenarios.call("dr-smith.yaml");

    Answer sessions = get(mario, "/api/v1/sessions?status=created");
    Map<?, ?> session = (Map<?, ?>) ((List<?>) sessions.get("items")).get(0);

    assertThat(sessions.get("total")).isEqualTo(1);
    assertThat(session.get("callId")).isEqualTo(mario.callId());
    assertThat(get(mario, "/api/v1/sessions/" + session.get("id")).get("channel")).isEqualTo("web");
    assertThat(get(clinic, "/api/v1/sessions/" + session.get("id")).status()).isEqualTo(404);
  }

  private Answer get(ToolCalls calls, String path) {
    return TestHttp.send(http, auth(calls, HttpRequest.GET(path)));
  }

  private Answer patch(ToolCalls calls, String path, Map<String, Object> body) {
    return TestHttp.send(http, auth(calls, HttpRequest.PATCH(path, body)));
  }

  private static MutableHttpRequest<?> auth(ToolCalls calls, MutableHttpRequest<?> request) {
    return request.header("Authorization", "Bearer " + calls.tenant().secretKey());
  }
}
