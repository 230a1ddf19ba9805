package com.qastco.voice.runtime.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestHttp;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.catalog.CatalogCsv;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A demo Business with its demo catalog and a call in progress, and tool invocations in that call. */
public record ToolCalls(HttpClient http, Registered tenant, String token, String callId) {

  public static ToolCalls start(HttpClient http, TenantDirectory directory, CatalogCsv csv, CatalogRepository catalog,
                         String example) {
    return start(http, TestTenants.register(directory, example, false), csv, catalog, example);
  }

  /** A call in progress for a Business registered by the caller (with a webhook URL, say). */
  public static ToolCalls start(HttpClient http, Registered tenant, CatalogCsv csv, CatalogRepository catalog,
                                String example) {
    loadCatalog(tenant, csv, catalog, example);
    return startWithoutCatalog(http, tenant);
  }

  /** The example's demo catalog in the Business's tables. */
  public static void loadCatalog(Registered tenant, CatalogCsv csv, CatalogRepository catalog, String example) {
    try (var reader = Files.newBufferedReader(Path.of("../examples/catalogs/" + example.replace(".yaml", ".csv")))) {
      catalog.insertAll(tenant.businessId(), csv.parse(reader).items());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A call in progress for a Business whose catalog is already in place (a portal sign-up's, say). */
  public static ToolCalls startWithoutCatalog(HttpClient http, Registered tenant) {
    Answer started = TestHttp.send(http, HttpRequest.POST("/api/v1/sessions", Map.of())
        .header("Host", tenant.host()).header("Authorization", "Bearer " + tenant.secretKey()));
    assertThat(started.status()).as(started.toString()).isEqualTo(201);
    return new ToolCalls(http, tenant, TestEnvironment.ULTRAVOX.lastCallToken(), started.get("callId").toString());
  }

  public Answer tool(String name, Map<String, Object> arguments) {
    return tool(name, arguments, null);
  }

  public Answer tool(String name, Map<String, Object> arguments, String invocationId) {
    Map<String, Object> body = new HashMap<>(arguments);
    body.put("callId", callId);
    var request = HttpRequest.POST("/api/v1/tools/" + name, body).header("Host", tenant.host())
        .header("X-Call-Token", token);
    if (invocationId != null) {
      request.header("X-Invocation-Id", invocationId);
    }
    return TestHttp.send(http, request);
  }
}
