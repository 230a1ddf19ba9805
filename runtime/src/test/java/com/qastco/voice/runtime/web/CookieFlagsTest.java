package com.qastco.voice.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** With the production default, session cookies are bound to their host and never sent over plain http. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CookieFlagsTest implements RuntimeTest {
  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Test
  void aSessionCookieIsHostOnlySecureHttpOnlyAndSameSiteLax() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);

    var response = http.toBlocking().exchange(HttpRequest.GET("/admin/login").header("Host", mario.host()),
        String.class);

    String cookie = response.getHeaders().get("Set-Cookie");
    assertThat(cookie).startsWith("__Host-voice=").containsIgnoringCase("HttpOnly").contains("Secure", "SameSite=Lax", "Path=/")
        .doesNotContainIgnoringCase("Domain=");
    assertThat(response.body()).doesNotContain(cookie.substring("__Host-voice=".length(), cookie.indexOf(';')));
  }
}
