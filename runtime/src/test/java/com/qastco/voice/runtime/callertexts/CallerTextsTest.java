package com.qastco.voice.runtime.callertexts;

import static com.qastco.voice.runtime.TestEnvironment.TWILIO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.qastco.voice.api.v1alpha1.Notifications;
import com.qastco.voice.api.v1alpha1.Notifications.CallerText;
import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.TestTwilio;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A caller who phoned gets a text confirming their order or appointment, through the Twilio fake's Messaging API:
 * from the number they called, only to the number Twilio said called, never after they texted STOP.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallerTextsTest implements RuntimeTest {
  private static final String VOICE = "/api/v1/telephony/twilio/voice";
  private static final String SMS = "/api/v1/telephony/twilio/sms";
  private static final AtomicInteger NUMBERS = new AtomicInteger(200);
  private static final AtomicInteger ORDERS = new AtomicInteger();

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

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(RuntimeTest.super.getProperties());
    properties.putAll(TestTwilio.properties());
    properties.put("voice.outbox.first-retry", "10ms");
    properties.put("voice.outbox.max-retry", "20ms");
    properties.put("voice.outbox.max-attempts", "5");
    return properties;
  }

  @BeforeEach
  void healthy() {
    TestEnvironment.ULTRAVOX.reset();
    TWILIO.reset();
  }

  /** A US number of its own for each Business and caller (valid, so a text may go to it). */
  private static String number() {
    return "+1415555" + String.format("%04d", NUMBERS.getAndIncrement());
  }

  /** A restaurant with a number of its own, which texts its callers to confirm their orders. */
  private Registered restaurant(String number, CallerText... texts) {
    Registered mario = TestTenants.registerWithPhone(directory, "mario-pizza.yaml", number, false);
    TestTenants.editSpec(directory, mario, s -> s.withNotifications(new Notifications(null, null, null, null,
        texts.length == 0 ? null : List.of(texts))));
    ToolCalls.loadCatalog(mario, csv, catalog, "mario-pizza.yaml");
    TWILIO.ownNumber(number);
    return mario;
  }

  /** Twilio's voice webhook for a call from {@code from} to {@code to}: the agent answers it. */
  private ToolCalls phoneCall(Registered business, String from, String to) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("CallSid", List.of("CA" + UUID.randomUUID().toString().replace("-", "")));
    params.put("From", List.of(from));
    params.put("To", List.of(to));
    assertThat(TestTwilio.signed(http, VOICE, params).body()).contains("<Connect>");
    return new ToolCalls(http, business, TestEnvironment.ULTRAVOX.lastCallToken(),
        TestEnvironment.ULTRAVOX.lastCallId());
  }

  /** A caller's text to a Business's number, signed by Twilio. */
  private TestTwilio.Reply text(String from, String to, String body) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("MessageSid", List.of("SM" + UUID.randomUUID().toString().replace("-", "")));
    params.put("From", List.of(from));
    params.put("To", List.of(to));
    params.put("Body", List.of(body));
    return TestTwilio.signed(http, SMS, params);
  }

  /** An order of its own; the customer's phone is what the caller says, which proves nothing. */
  private static Map<String, Object> order(String saidPhone) {
    return Map.of("items", List.of(Map.of("name", "Margherita Pizza", "quantity", 2)),
        "customerName", "Ana Lima", "customerPhone", saidPhone, "notes", "order " + ORDERS.incrementAndGet());
  }

  private void deliverAll(Registered business) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
      worker.drain();
      return texts(business).stream().noneMatch(t -> t.status().equals("pending"));
    });
  }

  private record Text(String recipient, String status, String lastError) {}

  private List<Text> texts(Registered business) {
    return database.inTenant(business.businessId(), c -> {
      List<Text> all = new ArrayList<>();
      try (PreparedStatement select = c.prepareStatement("SELECT recipient, status, last_error FROM outbox"
          + " WHERE destination = 'sms' ORDER BY created_at");
           ResultSet r = select.executeQuery()) {
        while (r.next()) {
          all.add(new Text(r.getString(1), r.getString(2), r.getString(3)));
        }
      }
      return all;
    });
  }

  @Test
  void aPhoneCallersOrderIsConfirmedByTextFromTheNumberTheyCalled() {
    String number = number();
    String caller = number();
    Registered mario = restaurant(number, CallerText.ORDERS);

    ToolCalls call = phoneCall(mario, caller, number);
    var placed = call.tool("place_order", order("+14155559999"));
    deliverAll(mario);

    assertThat(placed.get("ok")).isEqualTo(true);
    assertThat(TWILIO.texts()).hasSize(1); // never to the number the caller said
    Map<String, String> text = TWILIO.texts().get(0);
    assertThat(text.get("to")).isEqualTo(caller);
    assertThat(text.get("from")).isEqualTo(number);
    assertThat(text.get("body")).isEqualTo("Mario's Pizza Palace: your order "
        + placed.get("orderNumber") + " is placed: 2 x Margherita Pizza. Total " + placed.get("currency") + " "
        + placed.get("total") + ". Reply STOP to opt out.");
    assertThat(texts(mario)).extracting(Text::status).containsExactly("delivered");
  }

  /**
   * The attack: a web visitor (or the agent, told a number) names someone else's phone. A web session's caller is
   * whatever the page said, so only a phone session's number, from Twilio's signed webhook, is ever texted.
   */
  @Test
  void aNumberTypedIntoAWebCallOrNamedToTheAgentIsNeverTexted() {
    String number = number();
    String stranger = number();
    Registered mario = restaurant(number, CallerText.ORDERS);
    var started = com.qastco.voice.runtime.TestHttp.send(http, io.micronaut.http.HttpRequest.POST("/api/v1/sessions",
            Map.of("caller", stranger)).header("Host", mario.host())
        .header("Authorization", "Bearer " + mario.secretKey()));
    assertThat(started.status()).isEqualTo(201);
    ToolCalls web = new ToolCalls(http, mario, TestEnvironment.ULTRAVOX.lastCallToken(),
        started.get("callId").toString());

    assertThat(web.tool("place_order", order(stranger)).get("ok")).isEqualTo(true);
    worker.drain();

    assertThat(texts(mario)).isEmpty();
    assertThat(TWILIO.texts()).isEmpty();
  }

  @Test
  void aBusinessThatDidNotChooseTextsSendsNone() {
    String number = number();
    Registered quiet = restaurant(number);
    Registered appointmentsOnly = restaurant(number(), CallerText.APPOINTMENTS);

    phoneCall(quiet, number(), number).tool("place_order", order("+14155550177"));
    String second = directory.phoneNumbers(directory.byId(appointmentsOnly.businessId()).orElseThrow()).get(0);
    phoneCall(appointmentsOnly, number(), second).tool("place_order", order("+14155550177"));
    worker.drain();

    assertThat(texts(quiet)).isEmpty();
    assertThat(texts(appointmentsOnly)).isEmpty();
  }

  @Test
  void stopEndsTheTextsOfThatBusinessOnlyAndStartResumesThem() {
    String marioNumber = number();
    String luigiNumber = number();
    String caller = number();
    Registered mario = restaurant(marioNumber, CallerText.ORDERS);
    Registered luigi = restaurant(luigiNumber, CallerText.ORDERS);

    TestTwilio.Reply stop = text(caller, marioNumber, " Stop ");
    phoneCall(mario, caller, marioNumber).tool("place_order", order(caller));
    phoneCall(luigi, caller, luigiNumber).tool("place_order", order(caller));
    deliverAll(mario);
    deliverAll(luigi);

    assertThat(stop.status()).isEqualTo(200);
    assertThat(stop.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>");
    assertThat(texts(mario)).isEmpty(); // nothing queued for a caller who said STOP
    assertThat(TWILIO.texts()).extracting(t -> t.get("from")).containsExactly(luigiNumber);

    assertThat(text(caller, marioNumber, "START").status()).isEqualTo(200);
    phoneCall(mario, caller, marioNumber).tool("place_order", order(caller));
    deliverAll(mario);
    assertThat(TWILIO.texts()).extracting(t -> t.get("from")).containsExactly(luigiNumber, marioNumber);
  }

  @Test
  void aTextBackIsAnsweredAndOnlyASignedOneCounts() {
    String number = number();
    String caller = number();
    Registered mario = restaurant(number, CallerText.ORDERS);
    Map<String, List<String>> forged = new LinkedHashMap<>();
    forged.put("From", List.of(caller));
    forged.put("To", List.of(number));
    forged.put("Body", List.of("STOP"));

    TestTwilio.Reply unsigned = TestTwilio.post(http, SMS, forged, "bm90IGEgc2lnbmF0dXJl");
    TestTwilio.Reply help = text(caller, number, "help");
    TestTwilio.Reply other = text(caller, number, "Is the pizza ready?");
    phoneCall(mario, caller, number).tool("place_order", order(caller));
    deliverAll(mario);

    assertThat(unsigned.status()).isEqualTo(403);
    assertThat(help.body()).contains("<Message>Mario&apos;s Pizza Palace: this number texts confirmations of orders"
        + " and appointments made by phone. Reply STOP to opt out.");
    assertThat(other.body()).contains("texts to this number are not read. Please call this number instead.");
    assertThat(TWILIO.textsTo(caller)).hasSize(1); // the forged STOP stopped nothing
  }

  /** Twilio keeps its own opt-outs: a STOP whose webhook never reached the platform still counts. */
  @Test
  void aCallerTwilioReportsUnsubscribedIsADeadLetterAndGetsNoMore() {
    String number = number();
    String caller = number();
    Registered mario = restaurant(number, CallerText.ORDERS);
    TWILIO.textedStop(caller, number);

    phoneCall(mario, caller, number).tool("place_order", order(caller));
    deliverAll(mario);
    phoneCall(mario, caller, number).tool("place_order", order(caller));
    worker.drain();

    assertThat(texts(mario)).hasSize(1);
    assertThat(texts(mario).get(0).status()).isEqualTo("dead");
    assertThat(texts(mario).get(0).lastError()).contains("Twilio reports that the caller unsubscribed");
    assertThat(TWILIO.texts()).isEmpty();
  }

  @Test
  void aTwilioOutageIsRetriedAndALostAnswerSendsNoSecondText() {
    String number = number();
    String caller = number();
    Registered mario = restaurant(number, CallerText.ORDERS);

    TWILIO.failNext(2, 503);
    phoneCall(mario, caller, number).tool("place_order", order(caller));
    deliverAll(mario);
    TWILIO.loseNextAnswers(1);
    phoneCall(mario, caller, number).tool("place_order", order(caller));
    deliverAll(mario);

    assertThat(texts(mario)).extracting(Text::status).containsExactly("delivered", "delivered");
    assertThat(TWILIO.textsTo(caller)).hasSize(2); // Twilio took the second once; asking first kept it once
    assertThat(TWILIO.textsTo(caller).get(0)).isNotEqualTo(TWILIO.textsTo(caller).get(1));
  }

  /**
   * The attack: sign up, have the agent confirm by text, and call it from numbers that earn money per text
   * received (SMS pumping), or place order after order. A caller abroad gets no text, and one caller at most
   * {@link CallerTextDestination#PER_DAY} a day.
   */
  @Test
  void noTextGoesAbroadAndOneCallerGetsFiveADayAtMost() {
    String number = number();
    String caller = number();
    Registered mario = restaurant(number, CallerText.ORDERS);

    phoneCall(mario, "+447911123456", number).tool("place_order", order("+447911123456"));
    ToolCalls call = phoneCall(mario, caller, number);
    for (int i = 0; i < CallerTextDestination.PER_DAY + 2; i++) {
      assertThat(call.tool("place_order", order(caller)).get("ok")).isEqualTo(true);
    }
    deliverAll(mario);

    assertThat(TWILIO.textsTo("+447911123456")).isEmpty();
    assertThat(TWILIO.textsTo(caller)).hasSize(CallerTextDestination.PER_DAY);
  }

  @Test
  void anAppointmentBookedAndCancelledByPhoneIsConfirmedByText() {
    String number = number();
    String caller = number();
    Registered clinic = TestTenants.registerWithPhone(directory, "dr-smith.yaml", number, false);
    TestTenants.editSpec(directory, clinic, s -> s.withNotifications(new Notifications(null, null, null, null,
        List.of(CallerText.APPOINTMENTS))));
    ToolCalls.loadCatalog(clinic, csv, catalog, "dr-smith.yaml");
    TWILIO.ownNumber(number);
    ZonedDateTime monday = ZonedDateTime.now(ZoneId.of("America/Chicago")).plusWeeks(2)
        .with(TemporalAdjusters.next(DayOfWeek.MONDAY));
    String date = monday.toLocalDate().toString();

    ToolCalls call = phoneCall(clinic, caller, number);
    assertThat(call.tool("book_appointment", Map.of("service", "Blood Test", "date", date, "time", "14:00",
        "customerName", "Di", "customerPhone", caller)).get("ok")).isEqualTo(true);
    assertThat(call.tool("cancel_appointment", Map.of("date", date, "time", "14:00")).get("ok")).isEqualTo(true);
    deliverAll(clinic);

    String when = java.time.format.DateTimeFormatter.ofPattern("EEE d MMM", java.util.Locale.ENGLISH).format(monday)
        + ", 14:00";
    assertThat(TWILIO.textsTo(caller)).containsExactly(
        "Dr. Sarah Smith Clinic: your Blood Test is booked for " + when + ". Reply STOP to opt out.",
        "Dr. Sarah Smith Clinic: your appointment on " + when + " is cancelled. Reply STOP to opt out.");
  }
}
