package com.qastco.voice.runtime.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.qastco.voice.api.v1alpha1.Notifications;
import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestMail;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.catalog.CatalogCsv;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.outbox.OutboxWorker;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.tools.ToolCalls;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Staff and owner e-mail through the outbox to the test run's real SMTP server, with a relay in front of it that
 * can be down or refuse an address as a real mail server does.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaffMailTest implements RuntimeTest {
  private static final TestMail.Inbox INBOX = TestMail.inbox();
  private static final SmtpGate GATE = new SmtpGate(INBOX.server().getSmtp().getPort());

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  CatalogCsv csv;

  @Inject
  CatalogRepository catalog;

  @Inject
  OutboxWorker worker;

  @Inject
  TenantDatabase database;

  @Inject
  MailSuppressions suppressions;

  @Inject
  StaffAddresses addresses;

  @Inject
  com.qastco.voice.runtime.digest.DailyDigest digest;

  @Inject
  com.qastco.voice.runtime.outbox.Outbox outbox;

  @Inject
  com.qastco.voice.runtime.activity.OrderRepository orders;

  @Inject
  com.qastco.voice.runtime.activity.TicketRepository tickets;

  @Inject
  com.qastco.voice.runtime.activity.AppointmentRepository appointments;

  @Inject
  com.qastco.voice.runtime.handover.Handovers handovers;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(RuntimeTest.super.getProperties());
    properties.putAll(INBOX.properties());
    properties.put("voice.mail.smtp-port", Integer.toString(GATE.port()));
    properties.put("voice.outbox.first-retry", "10ms");
    properties.put("voice.outbox.max-retry", "20ms");
    properties.put("voice.outbox.max-attempts", "100");
    return properties;
  }

  @AfterAll
  void closeGate() throws Exception {
    GATE.close();
  }

  /** A restaurant whose staff addresses are listed and confirmed from their invitations, as their owners would. */
  private Registered restaurant(String... staff) {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    TestTenants.editSpec(directory, mario, s -> s.withNotifications(new Notifications(List.of(staff), null)));
    for (String address : staff) {
      assertThat(decide(mario, address, "confirm")).contains(address + " will get Mario's Pizza Palace's staff");
    }
    return mario;
  }

  @Test
  void anInvitationsLinkOpenedOnAnotherBusinesssHostConfirmsNothing() {
    String kitchen = unique("kitchen");
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    Registered other = TestTenants.register(directory, "mario-pizza.yaml", false);
    TestTenants.editSpec(directory, mario, s -> s.withNotifications(new Notifications(List.of(kitchen), null)));

    assertThat(decide(other, mario, kitchen, "confirm")).startsWith("410");
    var tenant = directory.byId(mario.businessId()).orElseThrow();
    assertThat(addresses.states(tenant)).containsEntry(kitchen, false);
    assertThat(decide(mario, kitchen, "confirm")).contains("will get"); // still works where it belongs
  }

  /** Opens the invitation's link and presses Yes or No; returns the page's answer. */
  private String decide(Registered tenant, String address, String decision) {
    return decide(tenant, tenant, address, decision);
  }

  /** The same, with the link opened on {@code host}'s host (another Business's, for the attack). */
  private String decide(Registered host, Registered tenant, String address, String decision) {
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      worker.drain();
      return all(address).stream().anyMatch(m -> subject(m).endsWith(INVITATION));
    });
    MimeMessage invitation = all(address).stream().filter(m -> subject(m).endsWith(INVITATION))
        .reduce((a, b) -> b).orElseThrow();
    java.util.regex.Matcher link = java.util.regex.Pattern.compile("/staff/confirm\\?token=([A-Za-z0-9_-]+)")
        .matcher(body(invitation));
    assertThat(link.find()).as("a link in the invitation").isTrue();
    var page = http.toBlocking().exchange(io.micronaut.http.HttpRequest.GET("/staff/confirm?token=" + link.group(1))
        .header("Host", host.host()), String.class);
    String cookie = page.getHeaders().getAll("Set-Cookie").stream().map(c -> c.split(";", 2)[0])
        .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no session cookie: " + page.getHeaders()
            .asMap()));
    java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
        .matcher(page.body());
    assertThat(csrf.find()).isTrue();
    try {
      return http.toBlocking().exchange(io.micronaut.http.HttpRequest.POST("/staff/confirm", "_csrf=" + csrf.group(1)
              + "&token=" + link.group(1) + "&decision=" + decision).header("Host", host.host())
          .header("Cookie", cookie).contentType(io.micronaut.http.MediaType.APPLICATION_FORM_URLENCODED_TYPE),
          String.class).body();
    } catch (io.micronaut.http.client.exceptions.HttpClientResponseException e) {
      return e.getStatus().getCode() + " " + e.getResponse().getBody(String.class).orElse("");
    }
  }

  private static final java.util.concurrent.atomic.AtomicInteger ORDERS = new java.util.concurrent.atomic.AtomicInteger();

  /** An order of its own (the same arguments twice in one call would be the same invocation, answered once). */
  private static Map<String, Object> order(int quantity) {
    return Map.of("items", List.of(Map.of("name", "Margherita Pizza", "quantity", quantity)),
        "customerName", "Ana Lima", "customerPhone", "+14155550177",
        "notes", "Ring twice (order " + ORDERS.incrementAndGet() + ")");
  }

  /** Delivers until nothing is due any more (retries included). */
  private void deliverAll() {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
      worker.drain();
      return pending() == 0;
    });
  }

  private long pending() {
    return database.withoutTenant(c -> {
      try (ResultSet r = c.createStatement().executeQuery("SELECT coalesce(sum(pending), 0) FROM outbox_wakeup")) {
        r.next();
        return r.getLong(1);
      }
    });
  }

  private static final String INVITATION = "would like to e-mail you about its calls";

  /** Every message to the address, its invitation included. */
  private static List<MimeMessage> all(String address) {
    return Arrays.stream(INBOX.server().getReceivedMessages())
        .filter(m -> TestMail.Inbox.recipient(m).equals(address)).toList();
  }

  /** What the address got besides its invitation. */
  private static List<MimeMessage> to(String address) {
    return all(address).stream().filter(m -> !subject(m).endsWith(INVITATION)).toList();
  }

  private static String part(MimeMessage message, String type) throws Exception {
    MimeMultipart parts = (MimeMultipart) message.getContent();
    for (int i = 0; i < parts.getCount(); i++) {
      BodyPart part = parts.getBodyPart(i);
      if (part.isMimeType(type)) {
        return part.getContent().toString();
      }
    }
    throw new AssertionError("no " + type + " part");
  }

  private static String unique(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@mario.example";
  }

  /**
   * The digest alone (staffEvents empty): one e-mail the next morning listing the day's orders, to each confirmed
   * address of that Business only, once however many runtimes check; nothing before 08:00, nothing for an empty day.
   */
  @Test
  void theMorningDigestListsTheDayBeforeOnceAndOnlyForItsOwnBusiness() throws Exception {
    String kitchen = unique("kitchen");
    String otherKitchen = unique("other");
    String idleKitchen = unique("idle");
    Registered mario = restaurant(kitchen);
    Registered other = restaurant(otherKitchen);
    Registered idle = restaurant(idleKitchen);
    for (Registered business : List.of(mario, other, idle)) {
      TestTenants.editSpec(directory, business, s -> s.withNotifications(new Notifications(
          s.notifications().staffEmails(), null, List.of(), true, null)));
    }
    ToolCalls call = ToolCalls.start(http, mario, csv, catalog, "mario-pizza.yaml");
    assertThat(call.tool("place_order", order(2)).get("ok")).isEqualTo(true);
    assertThat(call.tool("place_order", order(3)).get("ok")).isEqualTo(true);
    ToolCalls.start(http, other, csv, catalog, "mario-pizza.yaml").tool("place_order", order(1));
    java.time.ZoneId zone = directory.byId(mario.businessId()).orElseThrow().zone();
    java.time.LocalDate today = java.time.LocalDate.now(zone);
    java.time.Instant tomorrowEarly = today.plusDays(1).atTime(7, 59).atZone(zone).toInstant();
    java.time.Instant tomorrowMorning = today.plusDays(1).atTime(8, 5).atZone(zone).toInstant();

    digest.queueDue(tomorrowEarly);
    deliverAll();
    assertThat(to(kitchen)).isEmpty(); // per-order e-mails are off, and it is not 08:00 yet
    digest.queueDue(tomorrowMorning);
    var secondRuntime = new com.qastco.voice.runtime.digest.DailyDigest(directory, database, outbox, orders, tickets,
        appointments, handovers, java.time.Clock.systemUTC());
    secondRuntime.queueDue(tomorrowMorning);
    deliverAll();

    assertThat(to(kitchen)).hasSize(1);
    MimeMessage mail = to(kitchen).get(0);
    String day = java.time.format.DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", java.util.Locale.ENGLISH)
        .format(today);
    assertThat(mail.getSubject()).isEqualTo("Mario's Pizza Palace: " + day);
    for (String part : List.of(part(mail, "text/plain"), part(mail, "text/html"))) {
      assertThat(part).contains("Orders", "Order 1", "2 × Margherita Pizza", "Order 2", "3 × Margherita Pizza",
          "the daily summary is on", "turns off the daily summary");
    }
    assertThat(part(mail, "text/plain")).doesNotContain("1 × Margherita Pizza"); // the other Business's order
    assertThat(to(otherKitchen)).hasSize(1);
    assertThat(to(idleKitchen)).isEmpty();
  }

  @Test
  void eachStaffAddressGetsTheNewOrderWithItsLinesTheCallerAndALinkInTextAndHtml() throws Exception {
    String kitchen = unique("kitchen");
    String counter = unique("counter");
    Registered mario = restaurant(kitchen, counter);
    ToolCalls call = ToolCalls.start(http, mario, csv, catalog, "mario-pizza.yaml");
    assertThat(call.tool("place_order", order(2)).get("ok")).isEqualTo(true);

    deliverAll();

    assertThat(to(kitchen)).hasSize(1);
    assertThat(to(counter)).hasSize(1);
    MimeMessage mail = to(kitchen).get(0);
    assertThat(mail.getSubject()).isEqualTo("New order 1 for Mario's Pizza Palace");
    String text = part(mail, "text/plain");
    String html = part(mail, "text/html");
    for (String part : List.of(text, html)) {
      assertThat(part).contains("2 × Margherita Pizza", "Ana Lima", "+14155550177", "Ring twice",
          "http://" + mario.host() + "/admin/activity#order-1", "is listed to hear of orders",
          "under Settings, Notifications");
      assertThat(part).doesNotContain(mario.secretKey(), mario.publishableKey(), TestEnvironment.WEBHOOK_SECRET);
    }
    assertThat(html).contains("Mario's Pizza Palace", "background:#C8102E"); // the Business's primary colour
  }

  @Test
  void withTheMailServerDownForFiftyOrdersEveryOrderIsMailedOnceWhenItIsBack() {
    String kitchen = unique("kitchen");
    Registered mario = restaurant(kitchen);
    ToolCalls call = ToolCalls.start(http, mario, csv, catalog, "mario-pizza.yaml");
    GATE.down(true);
    try {
      for (int i = 0; i < 50; i++) {
        assertThat(call.tool("place_order", order(1)).get("ok")).isEqualTo(true);
        worker.drain(); // tried while down: refused with 421, kept for later
      }
      assertThat(to(kitchen)).isEmpty();
      assertThat(pending()).isPositive();
    } finally {
      GATE.down(false);
    }

    deliverAll();

    List<String> subjects = new ArrayList<>();
    to(kitchen).forEach(m -> subjects.add(subject(m)));
    assertThat(subjects).hasSize(50).doesNotHaveDuplicates();
    assertThat(subjects).contains("New order 1 for Mario's Pizza Palace", "New order 50 for Mario's Pizza Palace");
  }

  @Test
  void anAddressRefusedWith550IsStoppedUntilResumedAndTheOthersStillGetTheirMail() {
    String kitchen = unique("kitchen");
    String gone = unique("gone");
    Registered mario = restaurant(kitchen, gone);
    GATE.refuse(gone); // the mailbox is deleted after its owner agreed
    ToolCalls call = ToolCalls.start(http, mario, csv, catalog, "mario-pizza.yaml");
    call.tool("place_order", order(1));

    deliverAll();

    assertThat(to(kitchen)).hasSize(1);
    assertThat(to(gone)).isEmpty();
    var tenant = directory.byId(mario.businessId()).orElseThrow();
    assertThat(suppressions.list(tenant)).singleElement().satisfies(s -> {
      assertThat(s.address()).isEqualTo(gone);
      assertThat(s.reason()).contains("550");
    });
    assertThat(mailRows(mario, gone)).containsExactly("dead");

    call.tool("place_order", order(1)); // nothing is queued for the stopped address
    deliverAll();
    assertThat(to(kitchen)).hasSize(2);
    assertThat(mailRows(mario, gone)).containsExactly("dead");

    assertThat(suppressions.resume(tenant, gone)).isTrue();
    call.tool("place_order", order(1));
    deliverAll();
    assertThat(mailRows(mario, gone)).containsExactly("dead", "dead"); // still refused: stopped again, no loop
  }

  @Test
  void aStrangersAddressTypedInAsStaffGetsOneInvitationAndNothingElseAndNoCanMeanNo() {
    String stranger = unique("stranger");
    String declines = unique("declines");
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    TestTenants.editSpec(directory, mario, s -> s.withNotifications(new Notifications(List.of(stranger, declines),
        null)));
    ToolCalls call = ToolCalls.start(http, mario, csv, catalog, "mario-pizza.yaml");
    call.tool("place_order", order(1));
    assertThat(decide(mario, declines, "decline")).contains(declines + " will get nothing more");
    call.tool("place_order", order(1));

    deliverAll();

    assertThat(all(stranger)).extracting(StaffMailTest::subject)
        .containsExactly("Mario's Pizza Palace " + INVITATION);
    assertThat(all(declines)).hasSize(1);
    // The link is in no row the tenant can read through its API.
    String link = body(all(stranger).get(0)).replaceAll("(?s).*token=([A-Za-z0-9_-]+).*", "$1");
    var outbox = com.qastco.voice.runtime.TestHttp.send(http, io.micronaut.http.HttpRequest.GET("/api/v1/outbox")
        .header("Host", mario.host()).header("Authorization", mario.bearer()));
    assertThat(outbox.status()).isEqualTo(200);
    assertThat(outbox.toString()).contains("staff.invite").doesNotContain(link);
    var tenant = directory.byId(mario.businessId()).orElseThrow();
    assertThat(suppressions.list(tenant)).extracting(MailSuppressions.Suppression::address).containsExactly(declines);
    assertThat(decide(mario, declines, "confirm")).startsWith("410"); // the link worked once
  }

  @Test
  void noMessageAboutOneBusinessEverGoesToAnothersStaff() {
    String marioStaff = unique("a-staff");
    String otherStaff = unique("b-staff");
    Registered mario = restaurant(marioStaff);
    restaurant(otherStaff);
    ToolCalls call = ToolCalls.start(http, mario, csv, catalog, "mario-pizza.yaml");
    call.tool("place_order", order(3));

    deliverAll();

    assertThat(to(marioStaff)).hasSize(1);
    assertThat(to(otherStaff)).isEmpty();
  }

  @Test
  void staffEventsChoosesWhatTheStaffHearOf() {
    String kitchen = unique("kitchen");
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    TestTenants.editSpec(directory, mario, s -> s.withNotifications(new Notifications(List.of(kitchen), null,
        List.of(Notifications.StaffEvent.HANDOVERS), null, null)));
    decide(mario, kitchen, "confirm");
    ToolCalls call = ToolCalls.start(http, mario, csv, catalog, "mario-pizza.yaml");
    call.tool("place_order", order(1));
    call.tool("transfer_to_staff", Map.of("reason", "a party for 20", "customerName", "Bo",
        "customerPhone", "+14155550188"));

    deliverAll();

    List<MimeMessage> sent = to(kitchen);
    assertThat(sent).singleElement().satisfies(m ->
        assertThat(subject(m)).isEqualTo("Please call back Bo: +14155550188"));
    assertThat(GreenMailUtil.getBody(sent.get(0))).contains("a party for 20");
  }

  @Test
  void theOwnerIsWelcomedOnceWhenTheBusinessIsReadyWithItsAddressesAndNoKey() throws Exception {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    String owner = directory.byId(mario.businessId()).orElseThrow().spec().contact().email();
    TestTenants.setPhase(directory, mario, com.qastco.voice.api.v1alpha1.BusinessStatus.Phase.Provisioning);
    TestTenants.setPhase(directory, mario, com.qastco.voice.api.v1alpha1.BusinessStatus.Phase.Ready);

    deliverAll();

    List<MimeMessage> welcomes = to(owner).stream().filter(m -> subject(m).endsWith(" is ready"))
        .filter(m -> body(m).contains(mario.host())).toList();
    assertThat(welcomes).hasSize(1);
    String text = part(welcomes.get(0), "text/plain");
    assertThat(text).contains("http://" + mario.host() + "/admin", "/widget.js", "WordPress",
        "It is sent once");
    assertThat(text).doesNotContain(mario.secretKey(), mario.publishableKey(), "sk_", "pk_");
  }

  @Test
  void theOwnerHearsOfAPlanChangeAndASuspensionOnceEach() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    String owner = directory.byId(mario.businessId()).orElseThrow().spec().contact().email();
    TestTenants.editSpec(directory, mario, s -> new com.qastco.voice.api.v1alpha1.BusinessSpec(s.displayName(),
        s.type(), s.contact(), s.subdomain(), s.customDomains(), com.qastco.voice.api.v1alpha1.Plan.ENTERPRISE,
        s.billing(), s.locale(), s.hours(), s.voice(), s.phoneNumbers(), s.widget(), s.branding(),
        s.notifications(), s.handover(), s.tools(), s.integrations(), s.suspended()));
    TestTenants.setPhase(directory, mario, com.qastco.voice.api.v1alpha1.BusinessStatus.Phase.Suspended);

    deliverAll();

    List<String> about = to(owner).stream().filter(m -> body(m).contains(mario.host())).map(StaffMailTest::subject)
        .filter(s -> !s.endsWith(" is ready")).toList();
    assertThat(about).containsExactlyInAnyOrder("Mario's Pizza Palace is now on the enterprise plan",
        "Mario's Pizza Palace's voice agent is suspended");
  }

  private static String body(MimeMessage m) {
    return GreenMailUtil.getBody(m).replace("=\r\n", "").replace("=3D", "=");
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> mailRows(Registered tenant, String recipient) {
    return database.inTenant(tenant.businessId(), c -> {
      try (var select = c.prepareStatement("SELECT status FROM outbox WHERE destination = 'mail' AND recipient = ?"
          + " AND event <> 'staff.invite' ORDER BY created_at")) {
        select.setString(1, recipient);
        List<String> statuses = new ArrayList<>();
        try (ResultSet r = select.executeQuery()) {
          while (r.next()) {
            statuses.add(r.getString(1));
          }
        }
        return statuses;
      }
    });
  }
}
