package com.qastco.voice.runtime.voicepage;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.api.v1alpha1.Branding;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.catalog.CatalogCsv;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.tools.ToolCalls;
import com.qastco.voice.runtime.web.Browser;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The branded voice page, over HTTP and in headless Chromium with a stand-in for the Ultravox SDK. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoicePageTest implements RuntimeTest {
  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  EmbeddedServer server;

  @Inject
  CatalogCsv csv;

  @Inject
  CatalogRepository catalog;

  private Browser browser;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = TestEnvironment.forBrowser(RuntimeTest.super.getProperties());
    properties.put("voice.web.ultravox-sdk-url", "/static/test/fake-ultravox.js");
    properties.put("voice.plans.starter.included-sessions", "0"); // the clinic (starter, hard limit) is at its limit
    return properties;
  }

  private Browser browser() {
    if (browser == null) {
      browser = new Browser();
    }
    browser.consoleErrors(); // each test reads only its own page's errors
    return browser;
  }

  @AfterAll
  void close() {
    if (browser != null) {
      browser.close();
    }
  }

  private String url(Registered tenant) {
    return "http://" + tenant.host() + ":" + server.getPort() + "/";
  }

  private HttpResponse<String> get(String host) {
    try {
      return http.toBlocking().exchange(HttpRequest.GET("/").header("Host", host), String.class);
    } catch (HttpClientResponseException e) {
      return (HttpResponse<String>) e.getResponse();
    }
  }

  @Test
  void aCallFromThePageShowsTheConversationAndTheOrderAsTheAgentTakesItDown() throws Exception {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    try (var reader = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(
        "../examples/catalogs/mario-pizza.csv"))) {
      catalog.insertAll(mario.businessId(), csv.parse(reader).items());
    }
    Browser page = browser().open(url(mario));
    assertThat(page.find("h1").getText()).isEqualTo("Mario's Pizza Palace");
    assertThat(page.find("#call").getAttribute("aria-describedby")).isEqualTo("call-status");

    page.find("#call").click();
    page.textIn("#transcript", "Hello, how can I help you today?");
    page.textIn("#call", "End call");
    // The call the page started, as Ultravox got it: its id and the tool token the runtime minted for it.
    ToolCalls agent = new ToolCalls(http, mario, TestEnvironment.ULTRAVOX.lastCallToken(),
        TestEnvironment.ULTRAVOX.lastCallId());
    page.script("window.fakeUltravox.say('user', 'Two margherita pizzas, please.')");
    assertThat(agent.tool("place_order", Map.of("items", List.of(Map.of("name", "Margherita Pizza",
        "quantity", 2)))).status()).isEqualTo(200);

    page.textIn("#transcript", "Two margherita pizzas, please.");
    page.textIn("#live", "2 × Margherita Pizza");
    page.textIn("#live", "37.98");
    page.textIn("#steps", "is placed");
    page.screenshot("voice-page");
    page.find("#call").click();
    page.textIn("#call-status", "The call has ended.");
    assertThat(page.consoleErrors()).isEmpty();
  }

  @Test
  void thePageFitsAPhoneAndTheCallStartsFromTheKeyboard() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    Browser page = browser();
    page.driver().manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    try {
      page.open(url(mario));
      page.find("#call");
      Object overflow = page.script("return document.documentElement.scrollWidth > window.innerWidth");
      assertThat(overflow).as("no sideways scrolling on a phone").isEqualTo(false);
      page.screenshot("voice-page-phone");

      var body = page.find("body");
      for (int i = 0; i < 10 && !"call".equals(page.script("return document.activeElement.id")); i++) {
        body.sendKeys(org.openqa.selenium.Keys.TAB);
        body = page.driver().switchTo().activeElement();
      }
      assertThat(page.script("return document.activeElement.id")).isEqualTo("call");
      page.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.ENTER);
      page.textIn("#transcript", "Hello, how can I help you today?");
      page.find("#call").click(); // hang up
      page.textIn("#call-status", "The call has ended.");
    } finally {
      page.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
    }
  }

  @Test
  void anAppointmentBookedDuringTheCallShowsItsServiceAndTime() throws Exception {
    Registered clinic = TestTenants.register(directory, "dr-smith.yaml", false);
    TestTenants.editSpec(directory, clinic, s -> new BusinessSpec(s.displayName(), s.type(), s.contact(),
        s.subdomain(), s.customDomains(), com.qastco.voice.api.v1alpha1.Plan.PROFESSIONAL, s.billing(), s.locale(),
        s.hours(), s.voice(), s.phoneNumbers(), s.widget(), s.branding(), s.notifications(), s.handover(), s.tools(), s.integrations(),
        s.suspended()));
    try (var reader = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(
        "../examples/catalogs/dr-smith.csv"))) {
      catalog.insertAll(clinic.businessId(), csv.parse(reader).items());
    }
    Browser page = browser().open(url(clinic));
    page.find("#call").click();
    page.textIn("#call", "End call");
    ToolCalls agent = new ToolCalls(http, clinic, TestEnvironment.ULTRAVOX.lastCallToken(),
        TestEnvironment.ULTRAVOX.lastCallId());
    java.time.LocalDate day = java.time.LocalDate.now(java.time.ZoneId.of("America/Chicago")).plusDays(1);
    while (day.getDayOfWeek().getValue() > 5) {
      day = day.plusDays(1);
    }
    var booked = agent.tool("book_appointment", Map.of("service", "Blood Test", "date", day.toString(),
        "time", "10:00", "customerName", "Ada Lovelace", "customerPhone", "+14155550123"));
    assertThat(booked.status()).as(booked.toString()).isEqualTo(200);

    page.textIn("#live-title", "Your appointment");
    page.textIn("#live", "Blood Test");
    page.textIn("#live", "10:00");
    page.find("#call").click();
  }

  /** The attack: a link to the Business's page whose fragment points the call, and the microphone, elsewhere. */
  @Test
  void aJoinLinkToAHostThatIsNotTheVoiceProvidersIsNotOpened() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);

    Browser page = browser().open(url(mario) + "#session=" + java.util.UUID.randomUUID() + "&join="
        + java.net.URLEncoder.encode("wss://listener.attacker.example/calls/1", java.nio.charset.StandardCharsets.UTF_8));

    page.textIn("#call-status", "This link does not lead to a call of ours");
    assertThat(page.script("return window.fakeUltravox && window.fakeUltravox.joinUrl")).isNull();
  }

  @Test
  void aCallTheWidgetStartedElsewhereIsJoinedFromTheFragmentWhichLeavesTheAddressBar() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    var started = com.qastco.voice.runtime.TestHttp.send(http, HttpRequest.POST("/api/v1/sessions",
        Map.of("channel", "web")).header("Host", mario.host()).header("Authorization", mario.bearer()));
    String fragment = "#session=" + started.get("sessionId") + "&join=" + java.net.URLEncoder.encode(
        started.get("joinUrl").toString(), java.nio.charset.StandardCharsets.UTF_8);

    Browser page = browser().open(url(mario) + fragment);

    page.textIn("#transcript", "Hello, how can I help you today?");
    assertThat(page.script("return window.fakeUltravox.joinUrl")).isEqualTo(started.get("joinUrl"));
    assertThat(page.driver().getCurrentUrl()).doesNotContain("join=").doesNotContain("session=");
    page.find("#call").click();
    page.textIn("#call-status", "The call has ended.");
  }

  @Test
  void aBusinessAtItsLimitOrClosedSaysSoOnThePage() {
    Registered clinic = TestTenants.register(directory, "dr-smith.yaml", false);
    Browser page = browser().open(url(clinic));
    page.find("#call").click();
    page.textIn("#call-status", "has used all 0 voice sessions of its plan");
    assertThat(page.find("#call").isEnabled()).isTrue();

    Registered closed = TestTenants.register(directory, "mario-pizza.yaml", false);
    TestTenants.setHours(directory, closed, new com.qastco.voice.api.v1alpha1.Hours(List.of(), null,
        com.qastco.voice.api.v1alpha1.Hours.AfterHours.REFUSE));
    page.open(url(closed));
    assertThat(page.find("p.notice").getText()).contains("is closed right now");
    assertThat(page.find("#open-now").getText()).isEqualTo("Closed now");
    assertThat(page.driver().findElements(org.openqa.selenium.By.cssSelector("#call"))).isEmpty();
    page.consoleErrors();
  }

  @Test
  void onACustomDomainThePageStartsItsOwnCallsAndShowsNoPlatformBrandingWhenHidden() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    String domain = mario.name() + ".pizza.example";
    var client = TestEnvironment.CLUSTER.client();
    var business = client.resources(com.qastco.voice.api.v1alpha1.Business.class).withName(mario.name()).get();
    var s = business.getStatus();
    business.setStatus(new com.qastco.voice.api.v1alpha1.BusinessStatus(s.observedGeneration(), s.phase(),
        s.conditions(), s.businessId(), s.subdomain(), s.url(), List.of(mario.host(), domain), s.credentialsSecret(),
        s.keys(), s.ingress(), s.certificates(), s.integrations(), List.of(domain)));
    client.resource(business).updateStatus();
    TestTenants.editSpec(directory, mario, sp -> new BusinessSpec(sp.displayName(), sp.type(), sp.contact(),
        sp.subdomain(), List.of(domain), sp.plan(), sp.billing(), sp.locale(), sp.hours(), sp.voice(),
        sp.phoneNumbers(), sp.widget(), new Branding(null, null, null, null, false), sp.notifications(), sp.handover(), sp.tools(),
        sp.integrations(), sp.suspended()));
    org.awaitility.Awaitility.await().until(() -> directory.byHost(domain).isPresent());

    HttpResponse<String> page = get(domain);
    var started = com.qastco.voice.runtime.TestHttp.send(http, HttpRequest.POST("/api/v1/sessions",
        Map.of("channel", "web")).header("Host", domain).header("Origin", "https://" + domain)
        .header("Authorization", "Bearer " + mario.publishableKey()));
    var elsewhere = com.qastco.voice.runtime.TestHttp.send(http, HttpRequest.POST("/api/v1/sessions",
        Map.of("channel", "web")).header("Host", domain).header("Origin", "https://evil.example")
        .header("Authorization", "Bearer " + mario.publishableKey()));

    assertThat(page.code()).isEqualTo(200);
    assertThat(page.body()).contains("Mario's Pizza Palace").doesNotContain("Voice Agent Platform");
    assertThat(started.status()).as(started.toString()).isEqualTo(201);
    assertThat(elsewhere.error()).contains("403 origin_not_allowed");
  }

  @Test
  void thePageSaysWhyItCannotCallAndNeverCarriesASecret() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    Registered suspended = TestTenants.register(directory, "mario-pizza.yaml", true);

    HttpResponse<String> page = get(mario.host() + ":8080");
    HttpResponse<String> refused = get(suspended.host());
    HttpResponse<String> nobody = get("nobody.localhost");

    assertThat(page.code()).isEqualTo(200);
    assertThat(page.body()).contains("Mario's Pizza Palace", mario.publishableKey()).doesNotContain("sk_");
    assertThat(page.getHeaders().get("Content-Security-Policy")).contains("script-src 'self'",
        "frame-ancestors 'none'", "connect-src 'self' wss://voice.ultravox.example https://voice.ultravox.example;")
        .doesNotContain("unsafe-inline").doesNotContain(" https:;").doesNotContain(" wss:;");
    assertThat(refused.code()).isEqualTo(403);
    assertThat(refused.body()).contains("suspended");
    assertThat(nobody.code()).isEqualTo(404);
  }

  @Test
  void aNameWithMarkupIsTextAndHiddenPoweredByLeavesNoPlatformBranding() {
    Registered evil = TestTenants.register(directory, "mario-pizza.yaml", false);
    TestTenants.editSpec(directory, evil, s -> new BusinessSpec("<script>alert(1)</script>", s.type(), s.contact(),
        s.subdomain(), s.customDomains(), s.plan(), s.billing(), s.locale(), s.hours(), s.voice(), s.phoneNumbers(),
        s.widget(), new Branding("#aa0000", "#ffffff", null, "Call <b>now</b>", false), s.notifications(), s.handover(), s.tools(),
        s.integrations(), s.suspended()));

    Browser page = browser().open(url(evil));

    assertThat(page.find("h1").getText()).isEqualTo("<script>alert(1)</script>");
    assertThat(page.find("#call").getText()).isEqualTo("Call <b>now</b>");
    assertThat(page.driver().getTitle()).isEqualTo("<script>alert(1)</script>");
    assertThat(page.driver().findElements(org.openqa.selenium.By.cssSelector(".powered"))).isEmpty();
    assertThat(page.driver().getPageSource()).doesNotContain("Voice Agent Platform");
    assertThat(page.consoleErrors()).isEmpty();
  }
}
