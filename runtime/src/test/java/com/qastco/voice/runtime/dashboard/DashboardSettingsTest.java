package com.qastco.voice.runtime.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.outbox.Outbox;
import com.qastco.voice.runtime.outbox.OutboxRepository;
import com.qastco.voice.runtime.storage.Listing;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.web.Browser;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The dashboard's settings and deliveries in headless Chromium: what an owner changes lands in the spec. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardSettingsTest implements RuntimeTest {
  private static final String PASSWORD = "owner password 123";

  @Inject
  EmbeddedServer server;

  @Inject
  TenantDirectory directory;

  @Inject
  Owners owners;

  @Inject
  Outbox outbox;

  @Inject
  OutboxRepository deliveries;

  @Inject
  TenantDatabase database;

  private Browser browser;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new java.util.HashMap<>(TestEnvironment.forBrowser(
        RuntimeTest.super.getProperties()));
    properties.put("voice.outbound.allowed-cidrs", "127.0.0.3/32"); // TestDns.SHOP: a server on the internet
    return properties;
  }

  @io.micronaut.test.annotation.MockBean(org.apache.hc.client5.http.DnsResolver.class)
  org.apache.hc.client5.http.DnsResolver dns() {
    return new com.qastco.voice.runtime.outbound.TestDns();
  }

  @AfterAll
  void close() {
    if (browser != null) {
      browser.close();
    }
  }

  private Browser signedIn(Registered tenant, String email) {
    if (browser == null) {
      browser = new Browser();
    }
    OwnerSignIn.signIn(browser, owners, directory, tenant, server.getPort(), email, PASSWORD);
    return browser;
  }

  private Registered editable(String example) {
    return OwnerSignIn.editable(directory, example);
  }

  @Test
  void anOwnerChoosesWhichStaffAreEMailedAboutWhatAndABadAddressIsRefusedNextToItsField() {
    Registered mario = editable("mario-pizza.yaml");
    Browser page = signedIn(mario, "owner@mario-notifications.example");
    page.find("nav a[href='/admin/settings']").click();
    assertThat(page.find("#staffEmails").getAttribute("value")).isEqualTo("kitchen@mariospizza.example");
    assertThat(page.find("#staffEvent-orders").isSelected()).isTrue();

    page.find("#staffEmails").sendKeys("\nnot-an-address");
    page.submit("#settings button[type=submit]");
    assertThat(page.find("#staffEmails ~ .field-error").getText()).contains("spec.notifications.staffEmails[1]");
    page.consoleErrors();

    page.find("#staffEmails").clear();
    page.find("#staffEmails").sendKeys("kitchen@mariospizza.example\ncounter@mariospizza.example");
    page.find("#staffEvent-tickets").click();
    page.find("#staffEvent-appointments").click();
    page.find("#staffDigest").click();
    page.find("#callerText-orders").click();
    page.submit("#settings button[type=submit]");
    page.textIn("#saved", "Saved");

    var notifications = TestEnvironment.CLUSTER.client().resources(Business.class).withName(mario.name()).get()
        .getSpec().notifications();
    assertThat(notifications.staffEmails()).containsExactly("kitchen@mariospizza.example",
        "counter@mariospizza.example");
    assertThat(notifications.staffEvents()).containsExactly(
        com.qastco.voice.api.v1alpha1.Notifications.StaffEvent.ORDERS,
        com.qastco.voice.api.v1alpha1.Notifications.StaffEvent.HANDOVERS);
    assertThat(page.find("#staffEvent-tickets").isSelected()).isFalse();
    assertThat(notifications.staffDigest()).isTrue();
    assertThat(notifications.callerTexts()).containsExactly(
        com.qastco.voice.api.v1alpha1.Notifications.CallerText.ORDERS);
    assertThat(page.find("#callerText-orders").isSelected()).isTrue();
    assertThat(page.find("#callerText-appointments").isSelected()).isFalse();
  }

  @Test
  void anOwnerChangesHoursVoiceAndBrandingAndABadOriginIsRefusedNextToItsField() {
    Registered clinic = editable("dr-smith.yaml");
    Browser page = signedIn(clinic, "owner@clinic.example");
    page.find("nav a[href='/admin/settings']").click();

    page.find("#greeting").clear();
    page.find("#greeting").sendKeys("Dr. Smith's office, how can I help?");
    page.find("#buttonText").clear();
    page.find("#buttonText").sendKeys("Book by voice");
    new org.openqa.selenium.support.ui.Select(page.find("#day" + (rows(page) - 1))).selectByValue("saturday");
    page.script("document.getElementById('open" + (rows(page) - 1) + "').value = '10:00';"
        + "document.getElementById('close" + (rows(page) - 1) + "').value = '13:00';");
    page.find("#allowedOrigins").sendKeys("http://insecure.example");
    assertThat(page.find("#phone-numbers").getText()).contains("The platform assigns phone numbers");
    // Not a field an owner can fill: a number typed into a forged form still claims nothing.
    page.script("var f = document.getElementById('settings'), i = document.createElement('input');"
        + "i.type = 'hidden'; i.name = 'phoneNumbers'; i.value = '+14155550188'; f.appendChild(i);");
    page.find("#customDomains").sendKeys("voice.drsmith.example");
    page.submit("#settings button[type=submit]");
    assertThat(page.find("#allowedOrigins ~ .field-error").getText()).contains("spec.widget.allowedOrigins");
    assertThat(page.consoleErrors()).singleElement().asString().contains("422"); // that refusal, nothing else

    page.find("#allowedOrigins").clear();
    page.find("#allowedOrigins").sendKeys("https://drsmith.example");
    page.submit("#settings button[type=submit]");
    page.textIn("#saved", "Saved");
    assertThat(page.find("#domain-proofs").getText()).contains("voice.drsmith.example waits for proof",
        "_voice-challenge.voice.drsmith.example", com.qastco.voice.api.domains.DomainProof.token(
            clinic.businessId().toString(), "voice.drsmith.example"));
    page.screenshot("dashboard-settings");

    Business saved = TestEnvironment.CLUSTER.client().resources(Business.class).withName(clinic.name()).get();
    assertThat(saved.getSpec().voice().greeting()).isEqualTo("Dr. Smith's office, how can I help?");
    assertThat(saved.getSpec().branding().buttonText()).isEqualTo("Book by voice");
    assertThat(saved.getSpec().widget().allowedOrigins()).containsExactly("https://drsmith.example");
    assertThat(saved.getSpec().phoneNumbers()).isNull();
    assertThat(saved.getSpec().customDomains()).containsExactly("voice.drsmith.example");
    assertThat(saved.getSpec().hours().weekly()).anySatisfy(h -> {
      assertThat(h.day().name()).isEqualTo("SATURDAY");
      assertThat(h.open()).isEqualTo("10:00");
    });
    assertThat(saved.getSpec().contact().email()).isEqualTo("frontdesk@drsmith.example"); // untouched
    await().atMost(Duration.ofSeconds(5)).until(() -> "Book by voice".equals(directory.byId(clinic.businessId())
        .orElseThrow().spec().branding().buttonText()));
    assertThat(page.consoleErrors()).isEmpty();
  }

  private int rows(Browser page) {
    return page.driver().findElements(By.cssSelector("#settings select[id^=day]")).size();
  }

  @Test
  void aBusinessKeptInGitShowsItsSettingsReadOnly() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false); // managed-by: gitops
    Browser page = signedIn(mario, "owner@mario.example");
    page.open("http://" + mario.host() + ":" + server.getPort() + "/admin/settings");

    assertThat(page.find("p.notice").getText()).contains("kept in Git");
    assertThat(page.find("#greeting").isEnabled()).isFalse();
    assertThat(page.driver().findElements(By.cssSelector("#settings button[type=submit]"))).isEmpty();
  }

  @Test
  void anOwnerAddsEditsAndDeletesTheirOwnToolAndAnInsideAddressIsRefusedNextToItsField() {
    Registered support = editable("techsupport.yaml");
    Browser page = signedIn(support, "owner@support.example");
    page.open("http://" + support.host() + ":" + server.getPort() + "/admin/tools");

    page.find("#own-name").sendKeys("warranty_status");
    page.find("#own-description").sendKeys("Whether a device is under warranty, by its serial number.");
    page.find("#own-url").clear();
    page.find("#own-url").sendKeys("https://" + com.qastco.voice.runtime.outbound.TestDns.REBINDING + "/warranty");
    page.submit("#own-tool-form button");
    assertThat(page.textIn("#own-tool-form .field-error", "private network").getText())
        .isEqualTo("The URL points inside a private network; the platform calls only hosts on the internet");

    page.find("#own-url").clear();
    page.find("#own-url").sendKeys("https://" + com.qastco.voice.runtime.outbound.TestDns.SHOP + "/warranty");
    page.find("#own-parameters").clear();
    page.find("#own-parameters").sendKeys("{\"type\": \"object\", \"properties\": {\"serial\": {\"type\": 7}}}");
    page.submit("#own-tool-form button");
    assertThat(page.textIn("#own-tool-form .field-error", "serial").getText())
        .startsWith("The schema of argument serial is not valid JSON Schema");

    page.find("#own-parameters").clear();
    page.find("#own-parameters").sendKeys("{\"type\": \"object\", \"properties\": {\"serial\": {\"type\":"
        + " \"string\"}}, \"required\": [\"serial\"]}");
    page.submit("#own-tool-form button");
    assertThat(page.textIn("#own-tools", "warranty_status").getText()).contains("/warranty", "5 s");
    assertThat(page.find("#tool").getText()).contains("warranty_status: Whether a device is under warranty");
    page.screenshot("dashboard-own-tools");

    page.find("#own-tools a[href*='edit=warranty_status']").click();
    page.find("#own-timeoutSeconds").clear();
    page.find("#own-timeoutSeconds").sendKeys("3");
    page.submit("#own-tool-form button");
    assertThat(page.textIn("#own-tools", "3 s").getText()).contains("warranty_status");
    assertThat(TestEnvironment.CLUSTER.client().resources(com.qastco.voice.api.v1alpha1.Business.class)
        .withName(support.name()).get().getSpec().tools()).singleElement().satisfies(t -> {
          assertThat(t.timeoutSeconds()).isEqualTo(3);
          assertThat(t.parameters().required()).containsExactly("serial");
        });

    page.submit("#own-tools form button");
    assertThat(page.textIn("#own-tools", "None yet").getText()).contains("None yet");

    // Open until midnight (24:00), which a time field cannot hold: saved unchanged, it stays 24:00.
    page.open("http://" + support.host() + ":" + server.getPort() + "/admin/settings");
    page.submit("#settings button[type=submit]");
    page.find("#saved");
    assertThat(TestEnvironment.CLUSTER.client().resources(com.qastco.voice.api.v1alpha1.Business.class)
        .withName(support.name()).get().getSpec().hours().weekly()).allSatisfy(h ->
        assertThat(h.close()).isEqualTo("24:00"));

    // The logo is loaded by callers' browsers: one on an inside address would aim them at their own network.
    Registered clinic = editable("dr-smith.yaml");
    page = signedIn(clinic, "owner@clinic-logo.example");
    page.open("http://" + clinic.host() + ":" + server.getPort() + "/admin/settings");
    page.find("#logoUrl").sendKeys("https://" + com.qastco.voice.runtime.outbound.TestDns.METADATA + "/logo.png");
    page.submit("#settings button[type=submit]");
    assertThat(page.textIn("#settings .field-error", "logo").getText())
        .isEqualTo("The logo URL points inside a private network; the platform calls only hosts on the internet");
    assertThat(TestEnvironment.CLUSTER.client().resources(com.qastco.voice.api.v1alpha1.Business.class)
        .withName(support.name()).get().getSpec().tools()).isNull();
  }

  @Inject
  com.qastco.voice.runtime.catalog.CatalogCsv csv;

  @Inject
  com.qastco.voice.runtime.catalog.CatalogRepository catalog;

  @Test
  void theToolTesterRunsAToolAsTheAgentDoesAndNothingIsBilledOrSentOut() throws Exception {
    Registered mario = TestTenants.registerWithWebhook(directory, "mario-pizza.yaml", "https://hooks.example/voice");
    try (var reader = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(
        "../examples/catalogs/mario-pizza.csv"))) {
      catalog.insertAll(mario.businessId(), csv.parse(reader).items());
    }
    Browser page = signedIn(mario, "owner@mario.example");
    page.open("http://" + mario.host() + ":" + server.getPort() + "/admin/tools");
    new org.openqa.selenium.support.ui.Select(page.find("#tool")).selectByValue("place_order");
    page.find("#arguments").clear();
    page.find("#arguments").sendKeys("{\"items\": [{\"name\": \"Tiramisu\", \"quantity\": 3}]}");
    page.submit("#tool-form button");

    assertThat(page.textIn("#answer", "is placed").getText()).contains("23.97");
    page.screenshot("dashboard-tool-tester");
    assertThat(deliveries.list(mario.businessId(), new Listing.Filter(null, null, null, 10, 0)).items()).isEmpty();
    long ledger = database.inTenant(mario.businessId(), c -> {
      try (var r = c.createStatement().executeQuery("SELECT (SELECT count(*) FROM usage_ledger),"
          + " (SELECT count(*) FROM orders)")) {
        r.next();
        assertThat(r.getLong(2)).as("the order itself is kept").isEqualTo(1);
        return r.getLong(1);
      }
    });
    assertThat(ledger).isZero();

    page.find("#arguments").clear();
    page.find("#arguments").sendKeys("not json");
    page.submit("#tool-form button");
    assertThat(page.find("#arguments-error").getText()).contains("not a JSON object");
  }

  @Inject
  @io.micronaut.http.client.annotation.Client("/")
  io.micronaut.http.client.HttpClient http;

  @Test
  void aCallerWhoAskedForAPersonAppearsLiveAndIsMarkedCalledBack() {
    Registered clinic = TestTenants.register(directory, "dr-smith.yaml", false);
    Browser page = signedIn(clinic, "owner@clinic-handover.example");
    page.find("nav a[href='/admin/activity']").click();
    page.textIn("#live-status", "Updates appear here");
    var call = com.qastco.voice.runtime.tools.ToolCalls.startWithoutCatalog(http, clinic);

    assertThat(call.tool("transfer_to_staff", Map.of("reason", "question about a bill", "customerName", "Cy",
        "customerPhone", "+13125550111")).get("ok")).isEqualTo(true);

    page.textIn("#handovers", "question about a bill"); // arrived over the live stream, no reload
    assertThat(page.find("#handovers").getText()).contains("Cy +13125550111", "call back: asked on a web call");
    page.driver().navigate().refresh();
    page.submit("#handovers form button");
    page.textIn("#handovers", "called back");
    assertThat(page.driver().findElements(By.cssSelector("#handovers form"))).isEmpty();
    page.find("nav a[href='/admin/calls']").click();
    page.find("details summary").click();
    assertThat(page.find("p.handover").getText())
        .isEqualTo("Asked for a person (question about a bill): called back");
    assertThat(page.consoleErrors()).isEmpty();
  }

  @Test
  void anOwnerKeepsTheBusinesssOwnAnswersAndTriesAQuestionAsTheAgentWould() throws Exception {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    Browser page = signedIn(mario, "owner@mario-knowledge.example");
    page.find("nav a[href='/admin/knowledge']").click();

    page.find("#title").sendKeys("Parking");
    page.find("#body").sendKeys("Free parking behind the shop.");
    page.submit("#add button");
    page.textIn("#entries", "Parking");
    java.nio.file.Path file = java.nio.file.Files.createTempFile("faq", ".md");
    java.nio.file.Files.writeString(file, "# Gluten-free\nEvery pizza on a gluten-free base, $3 more.\n"
        + "# Delivery\nWithin 5 miles.\n");
    page.find("#file").sendKeys(file.toString());
    page.submit("#import button");
    page.textIn("#entries", "Gluten-free");
    assertThat(page.find("#entries").getText()).contains("Delivery", "Parking");

    page.find("#q").sendKeys("do you have gluten free pizza");
    page.submit("#try button");
    // The best first; "free parking" shares a word with the question and comes after it.
    assertThat(page.find("#answers p").getText()).isEqualTo("Gluten-free: Every pizza on a gluten-free base, $3 more.");

    page.find("#title").sendKeys("No body");
    page.script("document.getElementById('body').removeAttribute('required');"
        + "document.getElementById('body').value = '   ';");
    page.submit("#add button");
    assertThat(page.find("#knowledge-error").getText()).isEqualTo("body must be 1 to 20000 characters");

    var parking = page.driver().findElements(By.cssSelector("#entries details")).stream()
        .filter(d -> d.getText().contains("Parking")).findFirst().orElseThrow();
    parking.findElement(By.tagName("summary")).click();
    WebElement before = page.driver().findElement(By.tagName("html"));
    parking.findElement(By.cssSelector("button[aria-label='Delete Parking']")).click();
    page.awaitNextPage(before);
    assertThat(page.find("#entries").getText()).doesNotContain("Parking");
    assertThat(page.consoleErrors()).as("only the refused entry's page").allMatch(e -> e.contains("(Unprocessable"));
  }

  /** Ends a call as Ultravox would tell the runtime (signed call.ended). */
  private void endCall(String callId) {
    var ultravox = TestEnvironment.ULTRAVOX;
    ultravox.join(callId);
    ultravox.end(callId, "hangup");
    var ended = ultravox.event("call.ended", callId, Instant.now(), TestEnvironment.WEBHOOK_SECRET);
    assertThat(com.qastco.voice.runtime.TestHttp.send(http, io.micronaut.http.HttpRequest.POST(
        "/api/v1/webhooks/ultravox", ended.body()).contentType(io.micronaut.http.MediaType.APPLICATION_JSON_TYPE)
        .header("X-Ultravox-Webhook-Timestamp", ended.timestamp())
        .header("X-Ultravox-Webhook-Signature", ended.signature())).status()).isBetween(200, 299);
  }

  @Test
  void theCallsPageShowsEachCallsOutcomeAndFiltersByIt() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    var order = com.qastco.voice.runtime.tools.ToolCalls.start(http, mario, csv, catalog, "mario-pizza.yaml");
    order.tool("place_order", Map.of("items", java.util.List.of(Map.of("name", "Margherita Pizza", "quantity", 1))));
    var question = com.qastco.voice.runtime.tools.ToolCalls.startWithoutCatalog(http, mario);
    endCall(order.callId());
    endCall(question.callId());

    Browser page = signedIn(mario, "owner@mario-outcomes.example");
    page.find("nav a[href='/admin/calls']").click();
    assertThat(page.driver().findElements(By.cssSelector("details span.outcome")).stream().map(WebElement::getText))
        .containsExactlyInAnyOrder("ordered", "no action");
    WebElement all = page.driver().findElement(By.tagName("html"));
    page.find("#outcome-filter a[href='/admin/calls?outcome=ordered']").click();
    page.awaitNextPage(all);
    assertThat(page.driver().findElements(By.cssSelector("details span.outcome")).stream().map(WebElement::getText))
        .containsExactly("ordered");
    assertThat(page.find("#outcome-filter a[aria-current='true']").getText()).isEqualTo("ordered");
    page.find("details summary").click();
    assertThat(page.find("details").getText()).contains("Margherita Pizza");
    WebElement ordered = page.driver().findElement(By.tagName("html"));
    page.find("#outcome-filter a[href='/admin/calls?outcome=booked']").click();
    page.awaitNextPage(ordered);
    assertThat(page.find("main").getText()).contains("No calls with this outcome.");
    assertThat(page.consoleErrors()).isEmpty();
  }

  @Test
  void theCatalogIsEditedAndACallShowsItsTranscript() {
    Registered clinic = TestTenants.register(directory, "dr-smith.yaml", false);
    var call = com.qastco.voice.runtime.tools.ToolCalls.start(http, clinic, csv, catalog, "dr-smith.yaml");
    var ultravox = TestEnvironment.ULTRAVOX;
    ultravox.join(call.callId());
    ultravox.end(call.callId(), "hangup");
    ultravox.transcript(call.callId(), java.util.List.of(
        Map.of("role", "MESSAGE_ROLE_AGENT", "text", "Dr. Smith's office, how can I help?"),
        Map.of("role", "MESSAGE_ROLE_USER", "text", "I need a <b>blood test</b>.")));
    var ended = ultravox.event("call.ended", call.callId(), Instant.now(), TestEnvironment.WEBHOOK_SECRET);
    assertThat(com.qastco.voice.runtime.TestHttp.send(http, io.micronaut.http.HttpRequest.POST(
        "/api/v1/webhooks/ultravox", ended.body()).contentType(io.micronaut.http.MediaType.APPLICATION_JSON_TYPE)
        .header("X-Ultravox-Webhook-Timestamp", ended.timestamp())
        .header("X-Ultravox-Webhook-Signature", ended.signature())).status()).isBetween(200, 299);

    Browser page = signedIn(clinic, "owner@clinic.example");
    page.textIn("#usage", "1 of 100 included sessions used this period");
    assertThat(page.driver().findElements(By.cssSelector("svg.chart rect[fill='#1f4fd1']")).size())
        .as("a bar for each day of the period until today").isBetween(1, 32);
    assertThat(page.find("svg.chart rect[fill='#1f4fd1']:last-of-type title").getAttribute("textContent"))
        .contains("1 sessions so far");
    assertThat(page.driver().findElements(By.cssSelector("svg.chart line"))).hasSize(1);
    page.screenshot("dashboard-overview-usage");
    page.find("nav a[href='/admin/calls']").click();
    page.find("details summary").click();
    assertThat(page.find("dl.transcript").getText()).contains("Agent", "Dr. Smith's office", "Caller",
        "I need a <b>blood test</b>.");

    page.find("nav a[href='/admin/catalog']").click();
    page.find("#csv").sendKeys("service,Flu Shot,,40.00,,");
    page.submit("#import button");
    assertThat(page.find("#csv-error").getText()).contains("duration");
    page.find("#csv").clear();
    page.find("#csv").sendKeys("service,Flu Shot,,40.00,10,");
    page.submit("#import button");
    page.textIn("#catalog", "Flu Shot");
    var row = page.driver().findElements(By.cssSelector("#catalog tr")).stream()
        .filter(r -> r.getText().contains("Blood Test")).findFirst().orElseThrow();
    WebElement before = page.driver().findElement(By.tagName("html"));
    row.findElement(By.cssSelector("button")).click();
    page.awaitNextPage(before);
    page.textIn("#catalog", "Offer again");
    assertThat(catalog.list(clinic.businessId(), null, 50, 0).items()).filteredOn(i -> i.name().equals("Blood Test"))
        .singleElement().satisfies(i -> assertThat(i.available()).isFalse());
    page.consoleErrors();
  }

  @Test
  void aTicketMovesAlongAndThePlanChangesFromTheDashboard() {
    Registered desk = editable("techsupport.yaml");
    var call = com.qastco.voice.runtime.tools.ToolCalls.start(http, desk, csv, catalog, "techsupport.yaml");
    assertThat(call.tool("create_ticket", Map.of("category", "Technical Issues", "subject", "Printer is on fire"))
        .status()).isEqualTo(200);
    Browser page = signedIn(desk, "owner@desk.example");
    page.find("nav a[href='/admin/activity']").click();
    page.textIn("#tickets", "Printer is on fire");
    new org.openqa.selenium.support.ui.Select(page.find("#tickets select")).selectByValue("in_progress");
    page.submit("#tickets button");
    assertThat(new org.openqa.selenium.support.ui.Select(page.find("#tickets select")).getFirstSelectedOption()
        .getText()).isEqualTo("in progress");

    page.find("nav a[href='/admin/billing']").click();
    new org.openqa.selenium.support.ui.Select(page.find("#plan")).selectByValue("professional");
    page.submit("#plan-form button");
    page.textIn("#plan-changed", "changing to professional");
    assertThat(TestEnvironment.CLUSTER.client().resources(Business.class).withName(desk.name()).get().getSpec()
        .plan()).isEqualTo(com.qastco.voice.api.v1alpha1.Plan.PROFESSIONAL);
    assertThat(page.consoleErrors()).isEmpty();
  }

  @Test
  void keysRotatedFromTheDashboardAreShownOnceWhenTheOperatorHasMadeThem() {
    Registered shop = TestTenants.register(directory, "mario-pizza.yaml", false);
    Browser page = signedIn(shop, "owner@shop.example");
    page.find("nav a[href='/admin/keys']").click();
    assertThat(page.find("#key-list").getText()).contains("secret", "publishable").doesNotContain("sk_");
    page.find("#revoke").click(); // a key leaked
    page.submit("#rotate");
    page.textIn("#keys-pending", "being made");

    // What the operator does with the annotations: new current keys, the old ones retiring (at once: asked so).
    var client = TestEnvironment.CLUSTER.client();
    Business business = client.resources(Business.class).withName(shop.name()).get();
    String rotation = business.getMetadata().getAnnotations().get(Business.ROTATE_KEYS_ANNOTATION);
    assertThat(business.getMetadata().getAnnotations()).containsEntry(Business.REVOKE_PREVIOUS_KEYS_ANNOTATION,
        "true");
    var old = directory.credentials(directory.byId(shop.businessId()).orElseThrow()).orElseThrow();
    var rotated = old.rotate(rotation, Instant.now(), Instant.now().plus(Duration.ofHours(24)));
    client.resource(com.qastco.voice.operator.credentials.CredentialsSecret.desired(business, rotated,
        TestEnvironment.CREDENTIALS)).update();
    await().atMost(Duration.ofSeconds(5)).until(() -> rotation.equals(directory.credentials(
        directory.byId(shop.businessId()).orElseThrow()).orElseThrow().rotation()));

    page.driver().navigate().refresh();
    page.find("#reveal").click();
    page.textIn("#secret-key", "sk_");
    assertThat(page.find("#secret-key").getText()).isEqualTo(rotated.secretKey());
    page.driver().navigate().refresh();
    assertThat(page.driver().findElements(By.cssSelector("#reveal, #secret-key"))).isEmpty();
    assertThat(page.driver().getPageSource()).doesNotContain(rotated.secretKey());
    page.consoleErrors();
  }

  @Test
  void aDeadLetterIsSentAgainFromTheDeliveriesPage() {
    Registered shop = TestTenants.registerWithWebhook(directory, "mario-pizza.yaml", "https://hooks.example/voice");
    var tenant = directory.byId(shop.businessId()).orElseThrow();
    UUID order = UUID.randomUUID();
    database.inTenant(shop.businessId(), c -> {
      outbox.enqueueTo(c, tenant, "webhook", "order.placed", order, Map.of("number", 7));
      return null;
    });
    OutboxRepository.Entry entry = deliveries.list(shop.businessId(), new Listing.Filter(null, null, null, 10, 0))
        .items().get(0);
    deliveries.failed(shop.businessId(), entry.id(), "The webhook answered 410", Instant.now(), true);

    Browser page = signedIn(shop, "owner@shop.example");
    page.open("http://" + shop.host() + ":" + server.getPort() + "/admin/outbox");
    assertThat(page.find("#dead").getText()).contains("order.placed to webhook", "The webhook answered 410");
    page.submit("#dead button");

    page.find("#no-dead");
    assertThat(deliveries.get(shop.businessId(), entry.id()).orElseThrow().status()).isEqualTo("pending");
  }
}
