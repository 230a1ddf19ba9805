package com.qastco.voice.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.dashboard.Owners;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Signing in as an attacker would try it: from many addresses at one account, and by opening forms by the bushel. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInLimitsTest implements RuntimeTest {
  private static final String PASSWORD = "the owner's long password";

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  Owners owners;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new java.util.HashMap<>(RuntimeTest.super.getProperties());
    properties.put("voice.web.secure-cookies", "false");
    properties.put("voice.web.forms-per-client", "5");
    properties.put("micronaut.http.client.follow-redirects", "false");
    return properties;
  }

  private record Reply(int status, String body, String cookie) {}

  private Reply send(MutableHttpRequest<?> request, Registered business, String address) {
    request.header("Host", business.host()).header("X-Forwarded-For", address);
    try {
      var response = http.toBlocking().exchange(request, String.class);
      return new Reply(response.code(), response.getBody().orElse(""), response.getHeaders().get("Set-Cookie"));
    } catch (HttpClientResponseException e) {
      return new Reply(e.code(), e.getResponse().getBody(String.class).orElse(""),
          e.getResponse().getHeaders().get("Set-Cookie"));
    }
  }

  private Reply signIn(Registered business, String address, String email, String password) {
    Reply form = send(HttpRequest.GET("/admin/login"), business, address);
    Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
    assertThat(csrf.find()).as(form.body()).isTrue();
    return send(HttpRequest.POST("/admin/login", "_csrf=" + csrf.group(1) + "&email=" + email + "&password="
            + password.replace(' ', '+')).contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
        .header("Cookie", form.cookie().split(";")[0]), business, address);
  }

  @Test
  void manyAddressesTogetherGetNoMoreTriesAtOneAccount() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    owners.add(directory.byId(mario.businessId()).orElseThrow(), "owner@mario.example", PASSWORD);

    for (int i = 0; i < 20; i++) { // each address well inside its own limit
      assertThat(signIn(mario, "198.51.100." + i, "owner@mario.example", "guess " + i).status()).isEqualTo(401);
    }
    Reply next = signIn(mario, "198.51.100.200", "owner@mario.example", PASSWORD);

    assertThat(next.status()).isEqualTo(429);
    assertThat(next.body()).contains("Too many attempts");
    assertThat(signIn(mario, "198.51.100.201", "other@mario.example", "x").status()).isEqualTo(401); // per account
  }

  @Test
  void oneAddressOpensOnlySoManyFormsBeforeSigningIn() {
    Registered clinic = TestTenants.register(directory, "dr-smith.yaml", false);

    for (int i = 0; i < 5; i++) {
      assertThat(send(HttpRequest.GET("/admin/login"), clinic, "203.0.113.9").status()).isEqualTo(200);
    }
    Reply sixth = send(HttpRequest.GET("/admin/login"), clinic, "203.0.113.9");

    assertThat(sixth.status()).isEqualTo(429);
    assertThat(sixth.body()).contains("Too many forms opened from your address");
    assertThat(sixth.cookie()).isNull(); // nothing kept for it
    assertThat(send(HttpRequest.GET("/admin/login"), clinic, "203.0.113.10").status()).isEqualTo(200);
  }
}
