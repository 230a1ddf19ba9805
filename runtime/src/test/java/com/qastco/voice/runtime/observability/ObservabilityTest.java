package com.qastco.voice.runtime.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestHttp;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.catalog.CatalogCsv;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.outbox.OutboxWorker;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.tools.ToolCalls;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Probes that say whether PostgreSQL and Redis answer, and metrics without a series per tenant. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityTest implements RuntimeTest {
  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  CatalogCsv csv;

  @Inject
  CatalogRepository catalog;

  @Inject
  OutboxWorker worker;

  @Inject
  @Client("http://127.0.0.1:${endpoints.all.port}")
  HttpClient management;

  @Test
  void healthAndReadinessReflectTheDatabaseAndRedis() {
    String health = management.toBlocking().retrieve(HttpRequest.GET("/health"));
    String readiness = management.toBlocking().retrieve(HttpRequest.GET("/health/readiness"));

    assertThat(health).contains("\"status\":\"UP\"");
    assertThat(readiness).contains("\"status\":\"UP\"");
    assertThat(health + readiness).doesNotContain("jdbc:", "redis://", "password");
  }

  @Test
  void metricsAndProbesAreNotServedOnThePortTenantsHostsReach() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    for (String path : List.of("/prometheus", "/health", "/health/readiness")) {
      Answer onTenantHost = TestHttp.send(http, HttpRequest.GET(path).header("Host", mario.host()));
      Answer bare = TestHttp.send(http, HttpRequest.GET(path));
      assertThat(onTenantHost.status()).as(path).isEqualTo(404);
      assertThat(bare.status()).as(path).isEqualTo(404);
    }
  }

  @Test
  void metricsCountToolsWebhooksAndTheOutboxWithoutNamingAnyBusiness() {
    ToolCalls call = ToolCalls.start(http, directory, csv, catalog, "mario-pizza.yaml");
    call.tool("place_order", Map.of("items", List.of(Map.of("name", "Tiramisu", "quantity", 1))));
    call.tool("get_menu", Map.of());
    worker.drain();

    String metrics = management.toBlocking().retrieve(HttpRequest.GET("/prometheus"));

    assertThat(metrics).contains("voice_tool_duration_seconds_count{ok=\"true\",repeat=\"false\",tool=\"place_order\"}",
        "tool=\"get_menu\"",
        "voice_tool_duration_seconds_bucket{ok=\"true\",repeat=\"false\",tool=\"place_order\",le=\"2.5\"}", "voice_outbox_due_businesses", "voice_outbox_oldest_due_seconds", "voice_outbox_pending",
        "voice_outbox_deliveries_total", "http_server_requests_seconds");
    assertThat(metrics).doesNotContain(call.tenant().businessId().toString(), call.tenant().name(),
        call.tenant().secretKey());
  }
}
