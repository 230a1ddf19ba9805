package com.qastco.voice.runtime.handover;

import static com.qastco.voice.runtime.TestEnvironment.TWILIO;
import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.api.v1alpha1.Handover;
import com.qastco.voice.api.v1alpha1.Hours;
import com.qastco.voice.api.v1alpha1.OpeningHours;
import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestHttp;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.TestTenants;

import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.TestTwilio;
import com.qastco.voice.runtime.outbox.OutboxRepository;
import com.qastco.voice.runtime.storage.Listing;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.tools.ToolCalls;
import io.lettuce.core.Range;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A caller asks for a person: a phone call is put through to the staff through Twilio's live-call update and the
 * dial's outcome comes back signed; when that cannot be done, a callback request is what the staff get.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandoverTest implements RuntimeTest {
  private static final String VOICE = "/api/v1/telephony/twilio/voice";
  private static final String PUBLIC = TestTwilio.PUBLIC;
  private static final String STAFF = "+14155550101"; // mario-pizza.yaml's staff number
  private static final String CALLER = "+14155550142";
  private static final AtomicInteger NUMBERS = new AtomicInteger(200);
  private static final Pattern ACTION = Pattern.compile("action=\"" + Pattern.quote(PUBLIC) + "([^\"]+)\"");

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  OutboxRepository outbox;

  @Inject
  StatefulRedisConnection<String, String> redis;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new java.util.HashMap<>(RuntimeTest.super.getProperties());
    properties.putAll(TestTwilio.properties());
    return properties;
  }

  @BeforeEach
  void healthy() {
    TestEnvironment.ULTRAVOX.reset();
    TWILIO.reset();
  }

  /** A phone call in progress to a restaurant whose staff may be rung at any hour. */
  private record PhoneCall(Registered business, String callSid, ToolCalls tools) {}

  private PhoneCall phoneCall(UnaryOperator<Handover> handover) {
    String number = "+1415555" + String.format("%04d", NUMBERS.getAndIncrement()); // valid, like the staff's
    Registered mario = TestTenants.registerWithPhone(directory, "mario-pizza.yaml", number,
        "https://hooks.mariospizza.example/voice");
    TestTenants.editSpec(directory, mario, s -> withHandover(s, handover.apply(new Handover(List.of(STAFF),
        Handover.When.ALWAYS, "Putting you through to the kitchen.", 15))));
    String callSid = "CA" + UUID.randomUUID().toString().replace("-", "");
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("CallSid", List.of(callSid));
    params.put("From", List.of(CALLER));
    params.put("To", List.of(number));
    assertThat(twilioPost(VOICE, params).body()).contains("<Connect>");
    TWILIO.inProgress(callSid);
    return new PhoneCall(mario, callSid, new ToolCalls(http, mario, TestEnvironment.ULTRAVOX.lastCallToken(),
        TestEnvironment.ULTRAVOX.lastCallId()));
  }

  private static BusinessSpec withHandover(BusinessSpec s, Handover handover) {
    return new BusinessSpec(s.displayName(), s.type(), s.contact(), s.subdomain(), s.customDomains(), s.plan(),
        s.billing(), s.locale(), s.hours(), s.voice(), s.phoneNumbers(), s.widget(), s.branding(), s.notifications(),
        handover, s.tools(), s.integrations(), s.suspended());
  }

  private TestTwilio.Reply twilioPost(String path, Map<String, List<String>> params) {
    return TestTwilio.signed(http, path, params);
  }

  /** Twilio reporting how the dial to the staff ended, at the action URL the hand-over gave it. */
  private TestTwilio.Reply dialEnded(PhoneCall call, String status, String duration) {
    Matcher action = ACTION.matcher(TWILIO.twimlOf(call.callSid()));
    assertThat(action.find()).isTrue();
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("CallSid", List.of(call.callSid()));
    params.put("DialCallStatus", List.of(status));
    if (duration != null) {
      params.put("DialCallDuration", List.of(duration));
    }
    return twilioPost(action.group(1), params);
  }

  private Answer api(Registered business, io.micronaut.http.MutableHttpRequest<?> request) {
    return TestHttp.send(http, request.header("Host", business.host()).header("Authorization", business.bearer()));
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> handovers(Registered business) {
    return (List<Map<String, Object>>) api(business, HttpRequest.GET("/api/v1/handovers")).get("items");
  }

  private List<String> queued(Registered business) {
    return outbox.list(business.businessId(), new Listing.Filter(null, null, null, 200, 0)).items().stream()
        .map(OutboxRepository.Entry::event).filter(e -> e.startsWith("handover.")).toList();
  }

  private List<String> liveEvents(Registered business) {
    return redis.sync().xrange("business:{" + business.businessId() + "}:events", Range.create("-", "+")).stream()
        .map(m -> m.getBody().toString()).filter(b -> b.contains("handover.")).toList();
  }

  @Test
  void aCallerPutThroughToTheStaffWhoAnswerIsSeenFromRingToEnd() {
    PhoneCall call = phoneCall(h -> h);

    Answer answer = call.tools().tool("transfer_to_staff", Map.of("reason", "a question about allergens",
        "customerName", "Ann"));

    assertThat(answer.get("ok")).isEqualTo(true);
    assertThat(answer.get("say")).isEqualTo("Putting you through to the kitchen.");
    assertThat(answer.get("status")).isEqualTo("transferring");
    String twiml = TWILIO.twimlOf(call.callSid());
    assertThat(twiml).contains("<Say>Putting you through to the kitchen.</Say><Dial timeout=\"15\" action=\""
        + PUBLIC + "/api/v1/telephony/twilio/handover/" + call.business().businessId() + "/"
        + answer.get("handoverId") + "\" method=\"POST\" answerOnBridge=\"true\"><Number>" + STAFF
        + "</Number></Dial>");
    assertThat(handovers(call.business())).singleElement().satisfies(h -> {
      assertThat(h.get("status")).isEqualTo("transferring");
      assertThat(h.get("callerPhone")).isEqualTo(CALLER); // Twilio's From, not what anybody said
      assertThat(h.get("reason")).isEqualTo("a question about allergens");
    });

    TestTwilio.Reply ended = dialEnded(call, "completed", "42");
    TestTwilio.Reply again = dialEnded(call, "completed", "42"); // Twilio posting its outcome a second time

    assertThat(ended.status()).isEqualTo(200);
    assertThat(ended.body()).endsWith("<Response><Hangup/></Response>");
    assertThat(again.body()).isEqualTo(ended.body());
    assertThat(handovers(call.business())).singleElement().satisfies(h -> {
      assertThat(h.get("status")).isEqualTo("answered");
      assertThat(h.get("talkSeconds")).isEqualTo(42);
    });
    assertThat(queued(call.business())).containsExactly("handover.ended", "handover.requested"); // newest first
    assertThat(liveEvents(call.business())).hasSize(2)
        .anySatisfy(e -> assertThat(e).contains("handover.requested").contains("transferring"))
        .anySatisfy(e -> assertThat(e).contains("handover.ended").contains("answered"));
  }

  @Test
  void whenNobodyAnswersTheCallerHearsTheyWillBeCalledBackAndTheStaffGetACallbackRequest() {
    for (String status : List.of("no-answer", "busy")) {
      PhoneCall call = phoneCall(h -> h);
      call.tools().tool("transfer_to_staff", Map.of("reason", "catering for 40"));

      TestTwilio.Reply ended = dialEnded(call, status, null);

      assertThat(ended.body()).contains("<Say>Sorry, nobody at Mario&apos;s Pizza Palace could take your call just"
          + " now. We have your number and will call you back as soon as we can. Goodbye.</Say><Hangup/>");
      assertThat(handovers(call.business())).singleElement().satisfies(h -> {
        assertThat(h.get("status")).isEqualTo("callback_requested");
        assertThat(h.get("why")).isEqualTo(status.replace('-', '_'));
        assertThat(h.get("callerPhone")).isEqualTo(CALLER);
      });
    }
  }

  @Test
  void afterHoursNobodyIsRungAndACallbackIsTakenInstead() {
    PhoneCall call = phoneCall(h -> new Handover(h.staffNumbers(), Handover.When.OPEN_HOURS, h.message(),
        h.ringSecondsOrDefault()));
    // Open on one day that is not today (in the Business's zone): closed now, whatever the clock says.
    DayOfWeek other = ZonedDateTime.now(ZoneId.of("America/New_York")).getDayOfWeek().plus(3);
    TestTenants.setHours(directory, call.business(), new Hours(List.of(new OpeningHours(
        OpeningHours.Day.valueOf(other.name()), "09:00", "17:00")), null, null));

    Answer answer = call.tools().tool("transfer_to_staff", Map.of("reason", "complaint", "customerName", "Bo"));

    assertThat(answer.get("ok")).isEqualTo(true);
    assertThat(answer.get("say")).isEqualTo("We're closed right now, so nobody can take the call. I've passed the"
        + " request on: someone from Mario's Pizza Palace will call back on " + CALLER + " as soon as they can.");
    assertThat(TWILIO.twimlOf(call.callSid())).isNull();
    assertThat(TWILIO.requests()).isEmpty();
    assertThat(handovers(call.business())).singleElement().satisfies(h -> {
      assertThat(h.get("status")).isEqualTo("callback_requested");
      assertThat(h.get("why")).isEqualTo("after_hours");
    });
  }

  @Test
  void aCallerWhoHasAlreadyHungUpIsCalledBack() {
    PhoneCall call = phoneCall(h -> h);
    TWILIO.hangUp(call.callSid());

    Answer answer = call.tools().tool("transfer_to_staff", Map.of("reason", "wants the manager"));

    assertThat(answer.get("ok")).isEqualTo(true);
    assertThat(handovers(call.business())).singleElement().satisfies(h -> {
      assertThat(h.get("status")).isEqualTo("callback_requested");
      assertThat(h.get("why")).isEqualTo("caller_hung_up");
    });
    assertThat(queued(call.business())).containsExactly("handover.requested");
  }

  @Test
  void twilioFailingForAMomentIsRetriedAndFailingForLongerGivesACallbackWithinTheToolTimeout() {
    PhoneCall call = phoneCall(h -> h);
    TWILIO.failNext(2, 503);

    assertThat(call.tools().tool("transfer_to_staff", Map.of("reason", "order problem")).get("status"))
        .isEqualTo("transferring");
    assertThat(TWILIO.requests()).hasSize(3);

    PhoneCall other = phoneCall(h -> h);
    TWILIO.failNext(100, 429);
    long started = System.nanoTime();
    Answer answer = other.tools().tool("transfer_to_staff", Map.of("reason", "order problem"));
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(millis).isLessThan(2_500); // Ultravox's default tool timeout
    assertThat(answer.get("say").toString()).contains("will call back on " + CALLER);
    assertThat(handovers(other.business())).singleElement().satisfies(h -> {
      assertThat(h.get("status")).isEqualTo("callback_requested");
      assertThat(h.get("why")).isEqualTo("transfer_failed");
    });
  }

  /**
   * The attack (toll fraud): sign up, name a premium-rate line or one abroad as the staff, call the Business's
   * number and ask for a person; the platform's Twilio account would pay for every minute. Such numbers are never
   * rung: the caller is offered a callback.
   */
  @Test
  void aPremiumRateOrForeignStaffNumberIsNeverRung() {
    for (String staff : List.of("+19005550123", "+442079460000")) {
      PhoneCall call = phoneCall(h -> new Handover(List.of(staff), Handover.When.ALWAYS, null, null));

      Answer answer = call.tools().tool("transfer_to_staff", Map.of("reason", "a person please"));

      assertThat(answer.get("ok")).isEqualTo(true);
      assertThat(TWILIO.requests()).isEmpty();
      assertThat(handovers(call.business())).singleElement()
          .satisfies(h -> assertThat(h.get("why")).isEqualTo("staff_number_not_dialable"));
    }
  }

  @Test
  void theSameInvocationRingsTheStaffOnce() {
    PhoneCall call = phoneCall(h -> h);
    String invocation = UUID.randomUUID().toString();

    Answer first = call.tools().tool("transfer_to_staff", Map.of("reason", "x"), invocation);
    Answer again = call.tools().tool("transfer_to_staff", Map.of("reason", "x"), invocation);

    assertThat(again.body()).isEqualTo(first.body());
    assertThat(TWILIO.requests()).hasSize(1);
    assertThat(handovers(call.business())).hasSize(1);
  }

  @Test
  void aWebCallTakesACallbackAndAsksForTheNumberFirst() {
    Registered clinic = TestTenants.register(directory, "dr-smith.yaml", false);
    ToolCalls web = ToolCalls.startWithoutCatalog(http, clinic);

    Answer withoutNumber = web.tool("transfer_to_staff", Map.of("reason", "question about a bill"));
    Answer badNumber = web.tool("transfer_to_staff", Map.of("reason", "bill", "customerPhone", "call me"));
    assertThat(handovers(clinic)).isEmpty(); // nothing half-written by the refusals

    Answer withNumber = web.tool("transfer_to_staff", Map.of("reason", "question about a bill",
        "customerName", "Cy", "customerPhone", "+13125550111"));

    assertThat(withoutNumber.get("ok")).isEqualTo(false);
    assertThat(withoutNumber.get("say")).asString().contains("Ask the caller for it");
    assertThat(badNumber.get("ok")).isEqualTo(false);
    assertThat(badNumber.get("say")).asString().contains("customerPhone");
    assertThat(withNumber.get("ok")).isEqualTo(true);
    assertThat(handovers(clinic)).singleElement().satisfies(h -> {
      assertThat(h.get("status")).isEqualTo("callback_requested");
      assertThat(h.get("why")).isEqualTo("web_call");
      assertThat(h.get("callerPhone")).isEqualTo("+13125550111");
    });
    assertThat(TWILIO.requests()).isEmpty();
  }

  @Test
  void theStaffMarkACallbackAsDoneAndNothingElse() {
    PhoneCall call = phoneCall(h -> h);
    TWILIO.hangUp(call.callSid());
    call.tools().tool("transfer_to_staff", Map.of("reason", "x"));
    String id = handovers(call.business()).get(0).get("id").toString();

    Answer wrongStatus = api(call.business(), HttpRequest.PATCH("/api/v1/handovers/" + id,
        Map.of("status", "answered")));
    Answer noStatus = api(call.business(), HttpRequest.PATCH("/api/v1/handovers/" + id, Map.of()));
    Answer done = api(call.business(), HttpRequest.PATCH("/api/v1/handovers/" + id,
        Map.of("status", "called_back")));
    Answer twice = api(call.business(), HttpRequest.PATCH("/api/v1/handovers/" + id,
        Map.of("status", "called_back")));
    Answer unknown = api(call.business(), HttpRequest.GET("/api/v1/handovers/" + UUID.randomUUID()));
    Answer badFilter = api(call.business(), HttpRequest.GET("/api/v1/handovers?status=lost"));

    assertThat(wrongStatus.status()).isEqualTo(400);
    assertThat(wrongStatus.toString()).contains("called_back");
    assertThat(noStatus.status()).isEqualTo(400);
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.get("status")).isEqualTo("called_back");
    assertThat(twice.status()).isEqualTo(409);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(badFilter.status()).isEqualTo(400);
  }

  @Test
  void anotherBusinessCanNeitherSeeNorSettleAHandover() {
    PhoneCall call = phoneCall(h -> h);
    String id = call.tools().tool("transfer_to_staff", Map.of("reason", "x")).get("handoverId").toString();
    Registered other = TestTenants.register(directory, "techsupport.yaml", false);

    assertThat(api(other, HttpRequest.GET("/api/v1/handovers/" + id)).status()).isEqualTo(404);
    assertThat(api(other, HttpRequest.PATCH("/api/v1/handovers/" + id, Map.of("status", "called_back")))
        .status()).isEqualTo(404);
    assertThat(handovers(other)).isEmpty();
    // The dial-result URL with the other Business's id: row-level security finds nothing to settle.
    Map<String, List<String>> params = Map.of("CallSid", List.of(call.callSid()), "DialCallStatus",
        List.of("no-answer"));
    assertThat(twilioPost("/api/v1/telephony/twilio/handover/" + other.businessId() + "/" + id, params).body())
        .endsWith("<Response><Hangup/></Response>");
    assertThat(handovers(call.business())).singleElement()
        .satisfies(h -> assertThat(h.get("status")).isEqualTo("transferring"));
  }

  @Test
  void aDialResultWithoutTwiliosSignatureIsRefused() {
    PhoneCall call = phoneCall(h -> h);
    call.tools().tool("transfer_to_staff", Map.of("reason", "x"));
    Matcher action = ACTION.matcher(TWILIO.twimlOf(call.callSid()));
    assertThat(action.find()).isTrue();

    TestTwilio.Reply forged = TestTwilio.post(http, action.group(1), Map.of("DialCallStatus",
        List.of("completed")), "bm90LXNpZ25lZA==");

    assertThat(forged.status()).isEqualTo(403);
    assertThat(handovers(call.business())).singleElement()
        .satisfies(h -> assertThat(h.get("status")).isEqualTo("transferring"));
  }
}
