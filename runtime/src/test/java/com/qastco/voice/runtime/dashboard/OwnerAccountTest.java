package com.qastco.voice.runtime.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** An owner whose password or cookie may have leaked: a new password, and every other session ends with it. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwnerAccountTest implements RuntimeTest {
  private static final String OLD = "the first long password";
  private static final String NEW = "a second, longer password";

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
    properties.put("micronaut.http.client.follow-redirects", "false");
    return properties;
  }

  private record Reply(int status, String body, String cookie, String location) {}

  private Reply send(MutableHttpRequest<?> request, Registered business, String cookie) {
    request.header("Host", business.host());
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    try {
      var response = http.toBlocking().exchange(request, String.class);
      return new Reply(response.code(), response.getBody().orElse(""), cookieOf(response.getHeaders()
          .get("Set-Cookie")), response.getHeaders().get("Location"));
    } catch (HttpClientResponseException e) {
      return new Reply(e.code(), e.getResponse().getBody(String.class).orElse(""),
          cookieOf(e.getResponse().getHeaders().get("Set-Cookie")), e.getResponse().getHeaders().get("Location"));
    }
  }

  private static String cookieOf(String header) {
    return header == null ? null : header.split(";")[0];
  }

  private static String csrf(String html) {
    Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as(html).isTrue();
    return m.group(1);
  }

  private static String form(String... pairs) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      body.append(i == 0 ? "" : "&").append(pairs[i]).append('=')
          .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return body.toString();
  }

  /** A browser signing in: its session cookie, or null when refused. */
  private Reply signIn(Registered business, String password) {
    Reply page = send(HttpRequest.GET("/admin/login"), business, null);
    return send(HttpRequest.POST("/admin/login", form("_csrf", csrf(page.body()), "email", "owner@shop.example",
        "password", password)).contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE), business, page.cookie());
  }

  private Reply post(Registered business, String cookie, String path, String... fields) {
    String token = csrf(send(HttpRequest.GET("/admin/account"), business, cookie).body());
    String[] all = new String[fields.length + 2];
    all[0] = "_csrf";
    all[1] = token;
    System.arraycopy(fields, 0, all, 2, fields.length);
    return send(HttpRequest.POST(path, form(all)).contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE), business,
        cookie);
  }

  @Test
  void aNewPasswordEndsEveryOtherSessionAndTheOldPasswordStopsWorking() {
    Registered shop = TestTenants.register(directory, "mario-pizza.yaml", false);
    owners.add(directory.byId(shop.businessId()).orElseThrow(), "owner@shop.example", OLD);
    String laptop = signIn(shop, OLD).cookie();
    String stolen = signIn(shop, OLD).cookie(); // the same owner elsewhere, or a thief with a copied cookie
    assertThat(send(HttpRequest.GET("/admin/account"), shop, stolen).status()).isEqualTo(200);

    Reply wrong = post(shop, laptop, "/admin/account/password", "current", "not it", "password", NEW,
        "confirm", NEW);
    Reply tooShort = post(shop, laptop, "/admin/account/password", "current", OLD, "password", "short",
        "confirm", "short");
    Reply differ = post(shop, laptop, "/admin/account/password", "current", OLD, "password", NEW,
        "confirm", NEW + "!");
    Reply changed = post(shop, laptop, "/admin/account/password", "current", OLD, "password", NEW,
        "confirm", NEW);

    assertThat(wrong.status()).isEqualTo(422);
    assertThat(wrong.body()).contains("The current password is not right");
    assertThat(tooShort.body()).contains("The new password needs at least 12 characters");
    assertThat(differ.body()).contains("The new password and its repetition differ");
    assertThat(changed.status()).isEqualTo(303);
    assertThat(send(HttpRequest.GET("/admin/account"), shop, stolen).location()).isEqualTo("/admin/login");
    assertThat(send(HttpRequest.GET("/admin/account"), shop, laptop).location()).isEqualTo("/admin/login");
    assertThat(send(HttpRequest.GET("/admin/account?changed"), shop, changed.cookie()).body())
        .contains("Your password is changed");
    assertThat(signIn(shop, OLD).status()).isEqualTo(401);
    assertThat(signIn(shop, NEW).status()).isEqualTo(303);
  }

  @Test
  void signingOutEverywhereEndsEverySessionOfTheOwnerOnly() {
    Registered shop = TestTenants.register(directory, "mario-pizza.yaml", false);
    owners.add(directory.byId(shop.businessId()).orElseThrow(), "owner@shop.example", OLD);
    owners.add(directory.byId(shop.businessId()).orElseThrow(), "partner@shop.example", OLD);
    String one = signIn(shop, OLD).cookie();
    String two = signIn(shop, OLD).cookie();
    Reply page = send(HttpRequest.GET("/admin/login"), shop, null);
    String partner = send(HttpRequest.POST("/admin/login", form("_csrf", csrf(page.body()), "email",
        "partner@shop.example", "password", OLD)).contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE), shop,
        page.cookie()).cookie();

    Reply out = post(shop, one, "/admin/account/sign-out-everywhere");

    assertThat(out.location()).isEqualTo("/admin/login");
    assertThat(send(HttpRequest.GET("/admin/account"), shop, one).location()).isEqualTo("/admin/login");
    assertThat(send(HttpRequest.GET("/admin/account"), shop, two).location()).isEqualTo("/admin/login");
    assertThat(send(HttpRequest.GET("/admin/account"), shop, partner).status()).isEqualTo(200);
  }
}
