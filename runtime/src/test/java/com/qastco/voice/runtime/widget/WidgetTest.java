package com.qastco.voice.runtime.widget;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestHttp;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The two endpoints a site builder (the WordPress plugin) needs: connect, and the per-Business widget script. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WidgetTest implements RuntimeTest {
  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  private Answer connect(String bearer, Object body) {
    return TestHttp.send(http, HttpRequest.POST("/api/v1/plugin/connect", body).header("Authorization", bearer));
  }

  @Test
  @SuppressWarnings("unchecked")
  void anAllowedSiteGetsTheWidgetConfigurationWithThePublishableKeyOnly() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);

    Answer connected = connect(mario.bearer(), Map.of("siteUrl", "https://www.mariospizza.example/menu/"));

    assertThat(connected.status()).isEqualTo(200);
    assertThat(connected.body()).containsEntry("businessName", "Mario's Pizza Palace")
        .containsEntry("publishableKey", mario.publishableKey()).containsEntry("status", "active")
        .containsEntry("plan", "professional")
        .containsEntry("widgetScriptUrl", "http://" + mario.host() + "/widget.js");
    assertThat((Map<String, Object>) connected.get("origin")).containsEntry("origin",
        "https://www.mariospizza.example").containsEntry("allowed", true).containsEntry("fix", null);
    assertThat((Map<String, Object>) connected.get("branding")).containsEntry("primaryColor", "#C8102E");
    assertThat(connected.body().toString()).doesNotContain(mario.secretKey());
  }

  @Test
  @SuppressWarnings("unchecked")
  void aSiteNotYetAllowedIsToldExactlyWhatToAdd() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);

    Map<String, Object> other = (Map<String, Object>) connect(mario.bearer(),
        Map.of("siteUrl", "https://Blog.Example.org:8443/shop")).get("origin");
    Map<String, Object> plain = (Map<String, Object>) connect(mario.bearer(),
        Map.of("siteUrl", "http://blog.example.org")).get("origin");

    assertThat(other).containsEntry("origin", "https://blog.example.org:8443").containsEntry("allowed", false);
    assertThat(other.get("fix").toString()).isEqualTo("Add \"https://blog.example.org:8443\" to"
        + " spec.widget.allowedOrigins of Business " + mario.name() + " (namespace voice), then connect again");
    assertThat(plain.get("fix").toString()).contains("HTTPS");
  }

  @Test
  void badRequestsAndKeysAreRefusedWithMessagesAPluginCanShow() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);

    Answer noUrl = connect(mario.bearer(), Map.of());
    Answer notAUrl = connect(mario.bearer(), Map.of("siteUrl", "ftp://files.example"));
    Answer publishable = connect("Bearer " + mario.publishableKey(), Map.of("siteUrl", "https://a.example"));
    Answer wrong = connect("Bearer sk_wrong", Map.of("siteUrl", "https://a.example"));

    assertThat(noUrl.status()).isEqualTo(400);
    assertThat(notAUrl.status()).isEqualTo(400);
    assertThat(notAUrl.error()).contains("https://www.example.com");
    assertThat(List.of(publishable, wrong)).allSatisfy(a -> {
      assertThat(a.status()).isEqualTo(401);
      assertThat(a.error()).isNotBlank();
    });
    assertThat(connect(TestTenants.register(directory, "mario-pizza.yaml", true).bearer(),
        Map.of("siteUrl", "https://a.example")).status()).isEqualTo(403);
  }

  private HttpResponse<String> script(String host) {
    try {
      return http.toBlocking().exchange(HttpRequest.GET("/widget.js").header("Host", host), String.class);
    } catch (HttpClientResponseException e) {
      return (HttpResponse<String>) e.getResponse();
    }
  }

  @Test
  void theWidgetScriptIsEachBusinesssOwnAndCarriesNoSecret() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    Registered clinic = TestTenants.register(directory, "dr-smith.yaml", false);

    HttpResponse<String> marios = script(mario.host());
    HttpResponse<String> clinics = script(clinic.host());

    assertThat(marios.code()).isEqualTo(200);
    assertThat(marios.getContentType().orElseThrow().toString()).startsWith("application/javascript");
    assertThat(marios.getHeaders().get("Cache-Control")).isEqualTo("public, max-age=300");
    assertThat(marios.body()).contains("\"publishableKey\":\"" + mario.publishableKey() + "\"",
        "\"apiBase\":\"http://" + mario.host() + "\"", "Mario's Pizza Palace", "/api/v1/sessions")
        .doesNotContain(mario.secretKey(), clinic.publishableKey(), "/*CONFIG*/");
    assertThat(clinics.body()).contains(clinic.publishableKey()).doesNotContain(mario.publishableKey());
    assertThat(script("nobody.localhost").code()).isEqualTo(404);
  }

  @Test
  void valuesInTheScriptCannotCloseItsElement() {
    assertThat(WidgetScriptController.scriptJson(Map.of("businessName", "</script><script>alert(1)</script>")))
        .isEqualTo("{\"businessName\":\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\"}");
  }
}
