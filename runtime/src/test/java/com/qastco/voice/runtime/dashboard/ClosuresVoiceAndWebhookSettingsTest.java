package com.qastco.voice.runtime.dashboard;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.api.v1alpha1.Hours;
import com.qastco.voice.embedded.LoopbackTls;
import com.qastco.voice.integrations.Json;
import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.outbound.TestDns;
import com.qastco.voice.runtime.outbox.WebhookSignature;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.web.Browser;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

/**
 * What an owner used to need kubectl for, in headless Chromium: a closed day for a public holiday, after-hours
 * mode, the voice, language, call length and recording, and the webhook with its "send a test event".
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClosuresVoiceAndWebhookSettingsTest implements RuntimeTest {
  private static final String PASSWORD = "owner password 123";
  private final WireMockServer shop = new WireMockServer(options().bindAddress("127.0.0.3").httpDisabled(true)
      .dynamicHttpsPort().keystorePath(LoopbackTls.keystore(TestDns.CERTIFIED).toString())
      .keystorePassword(LoopbackTls.PASSWORD).keyManagerPassword(LoopbackTls.PASSWORD).keystoreType("PKCS12"));

  @Inject
  EmbeddedServer server;

  @Inject
  TenantDirectory directory;

  @Inject
  Owners owners;

  private Browser browser;

  ClosuresVoiceAndWebhookSettingsTest() {
    shop.start();
    shop.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
  }

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(TestEnvironment.forBrowser(RuntimeTest.super.getProperties()));
    properties.put("voice.outbound.allowed-cidrs", "127.0.0.3/32"); // TestDns.SHOP: a server on the internet
    return properties;
  }

  @MockBean(DnsResolver.class)
  DnsResolver dns() {
    return new TestDns();
  }

  @AfterEach
  void reset() {
    shop.resetAll();
    shop.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
  }

  @AfterAll
  void close() {
    shop.stop();
    if (browser != null) {
      browser.close();
    }
  }

  private Browser signedIn(Registered tenant, String email) {
    if (browser == null) {
      browser = new Browser();
    }
    OwnerSignIn.signIn(browser, owners, directory, tenant, server.getPort(), email, PASSWORD);
    browser.open("http://" + tenant.host() + ":" + server.getPort() + "/admin/settings");
    browser.consoleErrors();
    return browser;
  }

  private Registered editable(String example) {
    return OwnerSignIn.editable(directory, example);
  }

  private static BusinessSpec spec(Registered tenant) {
    return TestEnvironment.CLUSTER.client().resources(Business.class).withName(tenant.name()).get().getSpec();
  }

  private static void type(Browser page, String css, String text) {
    page.find(css).clear();
    page.find(css).sendKeys(text);
  }

  /** A date field takes what the browser's locale shows; the value is set as the form posts it. */
  private static void date(Browser page, String id, String isoDate) {
    page.script("document.getElementById(arguments[0]).value = arguments[1];", id, isoDate);
  }

  @Test
  void anOwnerClosesForAPublicHolidayAndSetsTheVoiceAndABadLanguageIsRefusedNextToItsField() {
    Registered mario = editable("mario-pizza.yaml");
    Browser page = signedIn(mario, "owner@mario-closures.example");
    assertThat(page.find("#afterHours-answer").isSelected()).isTrue();

    assertThat(page.find("#closed0").getAttribute("value")).isEqualTo("2026-12-25"); // from the manifest
    assertThat(page.find("#reason0").getAttribute("value")).isEqualTo("Christmas Day");
    page.find("#reason1").sendKeys("New Year's Eve"); // no date: refused, not dropped
    type(page, "#voiceName", "Jessica");
    type(page, "#languageHint", "English!");
    type(page, "#maxCallSeconds", "900");
    page.find("#recording").click();
    page.find("#afterHours-refuse").click();
    page.submit("#settings button[type=submit]");
    assertThat(page.find("#closures .field-error").getText())
        .isEqualTo("Each closed day needs its date (\"New Year's Eve\" has none)");
    assertThat(spec(mario).hours().closures()).hasSize(1); // nothing half-saved
    assertThat(spec(mario).voice().voice()).isEqualTo("Mark");

    date(page, "closed1", "2026-12-31");
    page.submit("#settings button[type=submit]");
    assertThat(page.find("#voice .field-error").getText()).startsWith("spec.voice.languageHint");
    assertThat(page.find("#reason1").getAttribute("value")).isEqualTo("New Year's Eve"); // the owner's input kept

    type(page, "#languageHint", "it");
    page.submit("#settings button[type=submit]");
    page.textIn("#saved", "Saved");
    page.script("document.getElementById('closures').scrollIntoView();");
    page.screenshot("dashboard-closures-voice");

    BusinessSpec saved = spec(mario);
    assertThat(saved.hours().closures()).extracting(c -> c.date() + " " + c.reason())
        .containsExactly("2026-12-25 Christmas Day", "2026-12-31 New Year's Eve");
    assertThat(saved.hours().afterHours()).isEqualTo(Hours.AfterHours.REFUSE);
    assertThat(saved.hours().weekly()).isNotEmpty(); // the weekly hours untouched by the other fields
    assertThat(saved.voice().voice()).isEqualTo("Jessica");
    assertThat(saved.voice().languageHint()).isEqualTo("it");
    assertThat(saved.voice().maxCallDurationSeconds()).isEqualTo(900);
    assertThat(saved.voice().recording()).isTrue();
    ZoneId zone = ZoneId.of(saved.locale().timeZone());
    assertThat(saved.hours().refusesCallsAt(ZonedDateTime.of(2026, 12, 31, 19, 0, 0, 0, zone))).isTrue();
    assertThat(saved.hours().refusesCallsAt(ZonedDateTime.of(2026, 12, 30, 19, 0, 0, 0, zone))).isFalse();
    assertThat(page.find("#afterHours-refuse").isSelected()).isTrue();
    assertThat(page.find("#closed0").getAttribute("value")).isEqualTo("2026-12-25");

    // The running agent gets them too: the Business's next call is made from the new spec.
    await().atMost(Duration.ofSeconds(5)).until(() -> "it".equals(directory.byId(mario.businessId()).orElseThrow()
        .spec().voice().languageHint()));

    // A closed day removed by emptying its date and reason.
    date(page, "closed0", "");
    type(page, "#reason0", "");
    page.submit("#settings button[type=submit]");
    page.textIn("#saved", "Saved");
    assertThat(spec(mario).hours().closures()).extracting(c -> c.date()).containsExactly("2026-12-31");

    // Out of the CRD's range: its message next to the field, nothing written.
    type(page, "#maxCallSeconds", "5");
    page.script("document.getElementById('maxCallSeconds').removeAttribute('min');");
    page.submit("#settings button[type=submit]");
    assertThat(page.find("#voice .field-error").getText()).startsWith("spec.voice.maxCallDurationSeconds");
    assertThat(spec(mario).voice().maxCallDurationSeconds()).isEqualTo(900);
  }

  @Test
  void anOwnerSavesAWebhookAndSendsATestEventSignedAsRealOnesAreAndAnInsideAddressIsRefused() throws Exception {
    Registered clinic = editable("dr-smith.yaml");
    Browser page = signedIn(clinic, "owner@clinic-webhook.example");
    assertThat(page.driver().findElements(By.id("webhook-test"))).isEmpty(); // nothing saved to test yet

    type(page, "#webhookUrl", "https://" + TestDns.REBINDING + "/hooks");
    page.submit("#settings button[type=submit]");
    assertThat(page.find("#webhookUrl ~ .field-error").getText())
        .isEqualTo("The webhook URL points inside a private network; the platform calls only hosts on the internet");
    type(page, "#webhookUrl", "http://" + TestDns.SHOP + "/hooks");
    page.submit("#settings button[type=submit]");
    assertThat(page.find("#webhookUrl ~ .field-error").getText()).startsWith("spec.notifications.webhookUrl");
    assertThat(spec(clinic).notifications() == null || spec(clinic).notifications().webhookUrl() == null).isTrue();

    String url = "https://" + TestDns.SHOP + ":" + shop.httpsPort() + "/hooks/voice";
    type(page, "#webhookUrl", url);
    page.submit("#settings button[type=submit]");
    page.textIn("#saved", "Saved");
    assertThat(spec(clinic).notifications().webhookUrl()).isEqualTo(url);

    page.submit("#webhook-test button");
    assertThat(page.textIn("#webhook-result", "answered").getText()).matches("Your webhook answered 204 in \\d+ ms\\.");
    List<LoggedRequest> hooks = shop.findAll(postRequestedFor(anyUrl()));
    assertThat(hooks).singleElement().satisfies(hook -> {
      var body = Json.tree(hook.getBodyAsString());
      assertThat(body.path("type").asText()).isEqualTo("webhook.test");
      assertThat(body.path("businessId").asText()).isEqualTo(clinic.businessId().toString());
      String secret = directory.credentials(directory.byId(clinic.businessId()).orElseThrow()).orElseThrow()
          .webhookSecret();
      assertThat(hook.getHeader(WebhookSignature.SIGNATURE)).isEqualTo(WebhookSignature.sign(secret,
          hook.getHeader(WebhookSignature.ID), Long.parseLong(hook.getHeader(WebhookSignature.TIMESTAMP)),
          hook.getBodyAsString()));
      assertThat(hook.getBodyAsString()).doesNotContain(secret);
    });
    page.script("document.getElementById('webhookUrl').scrollIntoView();");
    page.screenshot("dashboard-webhook-test");

    shop.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
    page.submit("#webhook-test button");
    assertThat(page.textIn("#webhook-result", "answered").getText()).startsWith("Your webhook answered 500")
        .contains("tried again");
    assertThat(page.find("#webhook-result").getAttribute("class")).contains("error");

    // Each test makes the platform call the tenant's URL: a handful a minute, then a clear refusal.
    for (int i = 0; i < 3; i++) {
      page.submit("#webhook-test button");
      page.find("#webhook-result");
    }
    page.submit("#webhook-test button");
    assertThat(page.textIn("#webhook-result", "limited").getText()).contains("5 a minute");
    assertThat(shop.findAll(postRequestedFor(anyUrl()))).hasSize(5);
  }
}
