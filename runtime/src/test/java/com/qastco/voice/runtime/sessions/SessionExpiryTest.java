package com.qastco.voice.runtime.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestScenarios;
import com.qastco.voice.runtime.TestHttp;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.tools.ToolCalls;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Sessions expire as soon as they are unjoined, to see it happen. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionExpiryTest implements RuntimeTest {
  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  TestScenarios scenarios;

  @Inject
  SessionExpiry expiry;

  @Inject
  LiveSessions live;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(RuntimeTest.super.getProperties());
    properties.put("voice.sessions.expire-unjoined-after", "0s");
    return properties;
  }

  @Test
  void anUnjoinedSessionExpiresAndFreesItsLineWhileAJoinedOneKeepsIt() {
    ToolCalls joined = scenarios.call("dr-smith.yaml"); // 2 lines
    joined.tool("list_services", Map.of()); // a tool call: the caller is on the line
    String sk = "Bearer " + joined.tenant().secretKey();
    var unjoined = TestHttp.send(http, HttpRequest.POST("/api/v1/sessions", Map.of())
        .header("Host", joined.tenant().host()).header("Authorization", sk));
    var busy = TestHttp.send(http, HttpRequest.POST("/api/v1/sessions", Map.of())
        .header("Host", joined.tenant().host()).header("Authorization", sk));
    assertThat(busy.status()).isEqualTo(429);

    expiry.expireUnjoined();

    var tenant = directory.byHost(joined.tenant().host()).orElseThrow();
    assertThat(live.liveCount(tenant)).isEqualTo(1);
    var sessions = TestHttp.send(http, HttpRequest.GET("/api/v1/sessions/" + unjoined.get("sessionId"))
        .header("Authorization", sk));
    assertThat(sessions.get("status")).isEqualTo("expired");
    assertThat(sessions.get("endReason")).isEqualTo("unjoined");
    assertThat(TestHttp.send(http, HttpRequest.GET("/api/v1/sessions?status=joined").header("Authorization", sk))
        .get("total")).isEqualTo(1);
    assertThat(TestHttp.send(http, HttpRequest.POST("/api/v1/sessions", Map.of())
        .header("Host", joined.tenant().host()).header("Authorization", sk)).status()).isEqualTo(201);
  }
}
