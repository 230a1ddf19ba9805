package com.qastco.voice.runtime.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestMail.Inbox;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Sign-ups as a stranger would abuse them: each is only a request for an e-mail until its owner confirms, and the
 * platform takes only so many per e-mail domain, in all, and waiting for confirmation.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignupLimitsTest implements RuntimeTest {
  private static final Inbox INBOX = com.qastco.voice.runtime.TestMail.inbox();

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new java.util.HashMap<>(RuntimeTest.super.getProperties());
    properties.putAll(INBOX.properties());
    properties.put("voice.web.secure-cookies", "false");
    properties.put("micronaut.http.client.follow-redirects", "false");
    properties.put("voice.signup.per-address-block-per-hour", "100");
    properties.put("voice.signup.per-email-domain-per-day", "2");
    properties.put("voice.signup.platform-per-hour", "5");
    properties.put("voice.signup.max-unconfirmed", "3");
    return properties;
  }

  /** Sign-ups other test classes left unconfirmed are out of this one's count. */
  @BeforeAll
  void othersExpired() throws Exception {
    try (var c = TestEnvironment.POSTGRES.ownerConnection()) {
      c.createStatement().executeUpdate("UPDATE signup SET created_at = created_at - interval '30 days'"
          + " WHERE confirmed_at IS NULL");
    }
  }

  private record Reply(int status, String body, String cookie) {}

  private Reply send(io.micronaut.http.MutableHttpRequest<?> request) {
    request.header("Host", "localhost:" + server.getPort());
    try {
      var response = http.toBlocking().exchange(request, String.class);
      return new Reply(response.code(), response.getBody().orElse(""), response.getHeaders().get("Set-Cookie"));
    } catch (HttpClientResponseException e) {
      return new Reply(e.code(), e.getResponse().getBody(String.class).orElse(""),
          e.getResponse().getHeaders().get("Set-Cookie"));
    }
  }

  private static String csrf(String html) {
    Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as(html).isTrue();
    return m.group(1);
  }

  private static String cookie(Reply reply) {
    return reply.cookie().split(";")[0];
  }

  private Reply signUp(String email) {
    Reply form = send(HttpRequest.GET("/signup"));
    String subdomain = "s" + UUID.randomUUID().toString().substring(0, 8);
    String body = "_csrf=" + csrf(form.body()) + "&displayName=Shop&type=restaurant&email="
        + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&phone=&subdomain=" + subdomain
        + "&plan=starter&timeZone=America%2FNew_York&weekdayOpen=09%3A00&weekdayClose=17%3A00"
        + "&password=a+long+enough+password";
    return send(HttpRequest.POST("/signup", body).header("Cookie", cookie(form))
        .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE));
  }

  private Reply confirm(String token) {
    Reply page = send(HttpRequest.GET("/signup/confirm?token=" + token));
    return send(HttpRequest.POST("/signup/confirm", "_csrf=" + csrf(page.body()) + "&token=" + token)
        .header("Cookie", cookie(page)).contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE));
  }

  @Test
  void aSignUpIsMadeOnlyWhenItsEMailIsConfirmedOnceAndTheLimitsHold() {
    Reply first = signUp("one@a.example");
    assertThat(first.status()).as(first.body()).isEqualTo(202);
    assertThat(first.body()).contains("We sent a link to", "one@a.example");
    String link = INBOX.linkTo("one@a.example");
    String token = link.replaceFirst(".*token=", "");
    String subdomain = INBOX.subdomainIn("one@a.example");
    var businesses = TestEnvironment.CLUSTER.client().resources(com.qastco.voice.api.v1alpha1.Business.class);
    assertThat(businesses.withName(subdomain).get()).isNull(); // nothing is made before the e-mail is confirmed
    assertThat(send(HttpRequest.GET(link.replaceFirst("^http://[^/]+", ""))).body())
        .doesNotContain(subdomain + " is"); // the link's page only asks; opening it confirms nothing

    assertThat(confirm(token).status()).isEqualTo(303);
    assertThat(businesses.withName(subdomain).get()).isNotNull();
    Reply again = confirm(token);
    assertThat(again.status()).isEqualTo(410);
    assertThat(again.body()).contains("This link was used already or has expired");
    assertThat(confirm("not-a-token").status()).isEqualTo(410);

    assertThat(signUp("two@a.example").status()).isEqualTo(202);
    Reply sameDomain = signUp("three@a.example");
    assertThat(sameDomain.status()).isEqualTo(429);
    assertThat(sameDomain.body()).contains("Too many registrations right now");

    assertThat(signUp("four@b.example").status()).isEqualTo(202);
    assertThat(signUp("five@c.example").status()).isEqualTo(202);
    Reply waiting = signUp("six@d.example"); // three wait for confirmation: the cap
    assertThat(waiting.status()).isEqualTo(429);
    assertThat(waiting.body()).contains("Too many registrations are waiting for confirmation");
    Reply platform = signUp("seven@e.example"); // five valid ones this hour: the platform's limit
    assertThat(platform.status()).isEqualTo(429);
    assertThat(platform.body()).contains("Too many registrations right now");
  }
}
