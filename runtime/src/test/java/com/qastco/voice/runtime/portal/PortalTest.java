package com.qastco.voice.runtime.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.operator.config.OperatorConfig;
import com.qastco.voice.operator.VoiceOperator;
import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.dashboard.Owners;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.tools.ToolCalls;
import com.qastco.voice.runtime.web.Browser;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The registration portal and the dashboard end to end, with the real operator provisioning what the portal
 * creates, in headless Chromium; and what a browser cannot be trusted to refuse (CSRF, another Business's session)
 * over plain HTTP.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalTest implements RuntimeTest {
  private static final String PASSWORD = "correct horse battery";

  @Inject
  EmbeddedServer server;

  @Inject
  TenantDirectory directory;

  @Inject
  Owners owners;

  @Inject
  io.micrometer.core.instrument.MeterRegistry meters;

  @Inject
  @io.micronaut.http.client.annotation.Client("/")
  io.micronaut.http.client.HttpClient micronaut;

  private Browser browser;
  private static final com.qastco.voice.runtime.TestMail.Inbox INBOX = com.qastco.voice.runtime.TestMail.inbox();

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = TestEnvironment.forBrowser(RuntimeTest.super.getProperties());
    properties.putAll(INBOX.properties());
    properties.put("voice.web.ultravox-sdk-url", "/static/test/fake-ultravox.js");
    properties.put("micronaut.http.client.follow-redirects", "false");
    return properties;
  }

  private Browser browser() {
    if (browser == null) {
      browser = new Browser();
    }
    browser.consoleErrors();
    return browser;
  }

  /**
   * The real operator, for the test that needs a Business provisioned; stopped after it, because it also takes
   * over the Businesses other tests register by hand (it would issue their credentials anew).
   */
  private VoiceOperator operator() {
    return VoiceOperator.start(TestEnvironment.CLUSTER.client(), OperatorConfig.from(Map.of(
        "VOICE_PLATFORM_DOMAIN", "localhost", "VOICE_PUBLIC_SCHEME", "http",
        "VOICE_PUBLIC_PORT", Integer.toString(server.getPort()), "VOICE_LEADER_ELECTION", "false",
        "VOICE_OPERATOR_HTTP_PORT", "0", "VOICE_CREDENTIALS_NAMESPACE", TestEnvironment.CREDENTIALS.namespace())),
        Clock.systemUTC(), false);
  }

  @AfterAll
  void close() {
    if (browser != null) {
      browser.close();
    }
  }

  private String platform(String path) {
    return "http://localhost:" + server.getPort() + path;
  }

  private String at(String subdomain, String path) {
    return "http://" + subdomain + ".localhost:" + server.getPort() + path;
  }

  private static String unique() {
    return "shop-" + UUID.randomUUID().toString().substring(0, 6);
  }

  private void type(Browser page, String id, String value) {
    var field = page.find("#" + id);
    field.clear();
    field.sendKeys(value);
  }

  @Test
  void aBusinessSignsUpIsProvisionedSeesItsKeysOnceAndTakesOrdersOnItsDashboardLive() {
    try (VoiceOperator running = operator()) {
      signUpAndTakeAnOrder();
    }
  }

  private void signUpAndTakeAnOrder() {
    String subdomain = unique();
    Browser page = browser().open(platform("/"));
    page.find("a.button").click();

    type(page, "displayName", "Luigi's Trattoria");
    new Select(page.find("#type")).selectByValue("restaurant");
    String email = "luigi@" + subdomain + ".example.org";
    type(page, "email", email);
    type(page, "subdomain", subdomain);
    page.textIn("#subdomain-status", "is available");
    type(page, "greeting", "Ciao, this is Luigi's, what can I get you?");
    type(page, "catalog", "kind,name,description,price,duration_minutes,priority\n"
        + "menu_item,Lasagna,,16.50,,\nmenu_item,Tiramisu,,7.99,,");
    type(page, "password", PASSWORD);
    page.screenshot("signup");
    page.submit("#signup button[type=submit]");
    page.textIn("#sent", "We sent a link to " + email);
    assertThat(TestEnvironment.CLUSTER.client().resources(Business.class).withName(subdomain).get()).isNull();

    page.open(INBOX.linkTo(email)); // the owner opens the e-mail's link, here in the same browser
    page.submit("#confirm button[type=submit]");
    page.textIn("#phase", "Ready");
    page.visible("#show-keys").click();
    String secretKey = page.textIn("#secret-key", "sk_").getText();
    assertThat(page.find("#publishable-key").getText()).startsWith("pk_");
    assertThat(page.find("#widget").getText()).contains(subdomain + ".localhost", "widget.js");
    page.screenshot("signup-ready");
    Business business = TestEnvironment.CLUSTER.client().resources(Business.class).withName(subdomain).get();
    assertThat(business.getMetadata().getAnnotations()).containsEntry(Business.MANAGED_BY_ANNOTATION, "portal");
    assertThat(business.getSpec().displayName()).isEqualTo("Luigi's Trattoria");
    assertThat(business.getSpec().voice().greeting()).isEqualTo("Ciao, this is Luigi's, what can I get you?");

    page.driver().navigate().refresh();
    page.textIn("#keys-message", "shown already");
    assertThat(page.driver().getPageSource()).doesNotContain(secretKey);

    page.open(at(subdomain, "/admin"));
    type(page, "email", email);
    type(page, "password", PASSWORD);
    page.find("form button[type=submit]").click();
    page.textIn("#calls-today", "0");
    page.screenshot("dashboard-overview");
    page.find("nav a[href='/admin/activity']").click();
    page.find("#live-status");

    Registered registered = new Registered(subdomain, business.getStatus() == null ? null
        : UUID.fromString(TestEnvironment.CLUSTER.client().resources(Business.class).withName(subdomain).get()
        .getStatus().businessId()), secretKey, null, subdomain + ".localhost");
    ToolCalls agent = ToolCalls.startWithoutCatalog(micronaut, registered);
    assertThat(agent.tool("place_order", Map.of("items", List.of(Map.of("name", "Lasagna", "quantity", 2))))
        .status()).isEqualTo(200);

    page.textIn("#orders", "2 × Lasagna");
    page.textIn("#orders tr:first-child td:first-child", "1");
    page.textIn("#live-status", "order placed");
    page.screenshot("dashboard-activity");
    page.driver().navigate().refresh();
    new Select(page.find("#orders select")).selectByValue("preparing");
    page.submit("#orders button");
    assertThat(new Select(page.find("#orders select")).getFirstSelectedOption().getText()).isEqualTo("preparing");
    assertThat(page.consoleErrors()).isEmpty();
  }

  @Test
  void theFormSaysWhatIsWrongNextToEachFieldAndKeepsWhatWasTyped() {
    Browser page = browser().open(platform("/signup"));
    type(page, "displayName", "Bad Data Inc");
    type(page, "email", "not-an-email");
    type(page, "subdomain", "www");
    page.textIn("#subdomain-status", "reserved");
    type(page, "password", "short");
    page.submit("#signup button[type=submit]");

    assertThat(page.find("#email-error").getText()).contains("e-mail address");
    assertThat(page.find("#subdomain-status").getText()).contains("reserved");
    assertThat(page.find("#password-error").getText()).contains("12 characters");
    assertThat(page.find("#displayName").getAttribute("value")).isEqualTo("Bad Data Inc");
    assertThat(page.find("#password").getAttribute("value")).isEmpty();
    assertThat(page.find("#email").getAttribute("aria-invalid")).isEqualTo("true");
    page.screenshot("signup-errors");
  }

  @Test
  void aNameWithMarkupIsTextOnTheDashboardAndOneOwnerCannotOpenAnotherBusiness() throws Exception {
    Registered evil = TestTenants.register(directory, "mario-pizza.yaml", false);
    TestTenants.editSpec(directory, evil, s -> new BusinessSpec("<script>alert(1)</script>", s.type(), s.contact(),
        s.subdomain(), s.customDomains(), s.plan(), s.billing(), s.locale(), s.hours(), s.voice(), s.phoneNumbers(),
        s.widget(), s.branding(), s.notifications(), s.handover(), s.tools(), s.integrations(), s.suspended()));
    Registered other = TestTenants.register(directory, "dr-smith.yaml", false);
    var evilTenant = directory.byId(evil.businessId()).orElseThrow();
    owners.add(evilTenant, "owner@evil.example", PASSWORD);
    owners.add(directory.byId(other.businessId()).orElseThrow(), "owner@clinic.example", PASSWORD);

    String cookie = login(evil, "owner@evil.example", PASSWORD);
    Browser page = browser().open(at(evil.name(), "/admin/login"));
    type(page, "email", "owner@evil.example");
    type(page, "password", PASSWORD);
    page.find("form button[type=submit]").click();
    assertThat(page.find("header h1").getText()).isEqualTo("<script>alert(1)</script>");
    assertThat(page.driver().getTitle()).isEqualTo("<script>alert(1)</script> dashboard");

    Answer ownDashboard = get(evil, "/admin", cookie);
    Answer otherDashboard = get(other, "/admin", cookie);
    Answer otherEvents = get(other, "/admin/events", cookie);
    Answer wrongHost = post(other, "/admin/login", "email=owner%40evil.example&password="
        + PASSWORD.replace(' ', '+'), cookie, null);

    assertThat(ownDashboard.statusCode()).isEqualTo(200);
    assertThat(ownDashboard.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert");
    assertThat(otherDashboard.statusCode()).isEqualTo(303);
    assertThat(otherDashboard.header("Location")).contains("/admin/login");
    assertThat(otherEvents.statusCode()).isEqualTo(401);
    assertThat(wrongHost.statusCode()).isEqualTo(403); // no sign-in form of that host's: refused before any check
  }

  @Test
  void formsWithoutTheirTokenOrFromAnotherSiteAreRefusedAndSignUpsAreRateLimited() throws Exception {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    owners.add(directory.byId(mario.businessId()).orElseThrow(), "owner@mario.example", PASSWORD);
    String cookie = login(mario, "owner@mario.example", PASSWORD);

    Answer noToken = post(mario, "/admin/keys/rotate", "reason=none", cookie, null);
    Answer crossSite = post(mario, "/admin/keys/rotate", "_csrf=" + csrf(get(mario, "/admin/keys", cookie).body()),
        cookie, "https://evil.example");

    Answer asAPage = send(io.micronaut.http.HttpRequest.POST("/admin/keys/rotate", "reason=none")
        .header("Host", mario.host()).header("Cookie", cookie).header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8") // as browsers send it
        .contentType(io.micronaut.http.MediaType.APPLICATION_FORM_URLENCODED_TYPE));

    Answer taken = send(io.micronaut.http.HttpRequest.GET("/signup/availability?subdomain=" + mario.name())
        .header("Host", "localhost:" + server.getPort()));
    assertThat(taken.body()).contains("\"available\":false", mario.name() + " is taken");

    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(noToken.body()).contains("\"error\":\"csrf\"");
    assertThat(asAPage.statusCode()).isEqualTo(403);
    assertThat(asAPage.body()).startsWith("<!doctype html>").contains("This form expired or did not come from this site");
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(TestEnvironment.CLUSTER.client().resources(Business.class).withName(mario.name()).get()
        .getMetadata().getAnnotations()).doesNotContainKey(Business.ROTATE_KEYS_ANNOTATION);

    // One block of addresses (a /24) counts as one client, and what the client writes into X-Forwarded-For before
    // the platform's own proxy's entry is not believed.
    String block = "198.51." + (1 + new java.util.Random().nextInt(200)) + ".";
    int refused = 0;
    for (int i = 0; i < 7; i++) {
      Answer form = signupForm();
      Answer submitted = signup(cookie(form), "10.9." + i + ".1, " + block + (10 + i), "_csrf=" + csrf(form.body())
          + "&displayName=X&type=restaurant&email=bad&subdomain=www&plan=starter&password=short");
      refused += submitted.statusCode() == 429 ? 1 : 0;
      if (submitted.statusCode() == 429) {
        assertThat(submitted.body()).contains("Too many registrations from your address");
      }
    }
    assertThat(refused).isEqualTo(2);
    assertThat(meters.counter("voice.web.sign.ups", "result", "rate_limited").count()).isGreaterThanOrEqualTo(2);
    assertThat(meters.counter("voice.web.sign.ups", "result", "invalid").count()).isGreaterThanOrEqualTo(5);
  }

  /** An answer as it came, 4xx and 3xx included. */
  record Answer(int statusCode, String body, Map<String, List<String>> headers) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    }
  }

  private Answer send(io.micronaut.http.MutableHttpRequest<?> request) {
    try {
      var response = micronaut.toBlocking().exchange(request, String.class);
      return new Answer(response.code(), response.getBody().orElse(""), headers(response));
    } catch (io.micronaut.http.client.exceptions.HttpClientResponseException e) {
      return new Answer(e.code(), e.getResponse().getBody(String.class).orElse(""), headers(e.getResponse()));
    }
  }

  private static Map<String, List<String>> headers(io.micronaut.http.HttpResponse<?> response) {
    Map<String, List<String>> all = new java.util.HashMap<>();
    response.getHeaders().forEach((name, values) -> all.put(name, values));
    return all;
  }

  private Answer signupForm() {
    return send(io.micronaut.http.HttpRequest.GET("/signup").header("Host", "localhost:" + server.getPort()));
  }

  private Answer signup(String cookie, String client, String body) {
    return send(io.micronaut.http.HttpRequest.POST("/signup", body).header("Host", "localhost:" + server.getPort())
        .header("Cookie", cookie).header("X-Forwarded-For", client)
        .contentType(io.micronaut.http.MediaType.APPLICATION_FORM_URLENCODED_TYPE));
  }

  /** Signs in as an owner over HTTP; returns the session cookie. */
  private String login(Registered tenant, String email, String password) {
    Answer form = get(tenant, "/admin/login", null);
    Answer done = post(tenant, "/admin/login", "_csrf=" + csrf(form.body()) + "&email="
        + java.net.URLEncoder.encode(email, java.nio.charset.StandardCharsets.UTF_8) + "&password="
        + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8), cookie(form), null);
    assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
    return cookie(done);
  }

  private Answer get(Registered tenant, String path, String cookie) {
    var request = io.micronaut.http.HttpRequest.GET(path).header("Host", tenant.host());
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return send(request);
  }

  private Answer post(Registered tenant, String path, String body, String cookie, String origin) {
    var request = io.micronaut.http.HttpRequest.POST(path, body).header("Host", tenant.host())
        .contentType(io.micronaut.http.MediaType.APPLICATION_FORM_URLENCODED_TYPE);
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    if (origin != null) {
      request.header("Origin", origin);
    }
    return send(request);
  }

  private static String cookie(Answer response) {
    return response.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Set-Cookie"))
        .flatMap(e -> e.getValue().stream()).map(c -> c.split(";", 2)[0])
        .filter(c -> c.startsWith("voice=") && c.length() > 6).reduce((a, b) -> b).orElseThrow();
  }

  private static String csrf(String html) {
    Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as("a CSRF token in the form").isTrue();
    return m.group(1);
  }
}
