package com.qastco.voice.runtime.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.qastco.voice.api.v1alpha1.Hours;
import com.qastco.voice.api.v1alpha1.OpeningHours;
import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.catalog.CatalogCsv;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.sessions.SessionRepository;
import com.qastco.voice.runtime.tools.ToolCalls;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Twilio calls a number: signed requests only, TwiML back, the caller hears why when no agent can answer. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwilioVoiceTest implements RuntimeTest {
  private static final String AUTH_TOKEN = "twilio-auth-token-0123456789abcdef";
  private static final String PATH = "/api/v1/telephony/twilio/voice";
  private static final String PUBLIC_URL = "https://voice.example.com" + PATH;

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  SessionRepository sessions;

  @Inject
  CatalogCsv csv;

  @Inject
  CatalogRepository catalog;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new java.util.HashMap<>(RuntimeTest.super.getProperties());
    properties.put("voice.twilio.auth-token", AUTH_TOKEN);
    properties.put("voice.twilio.public-base-url", "https://voice.example.com/");
    return properties;
  }

  @BeforeEach
  void healthy() {
    TestEnvironment.ULTRAVOX.reset();
  }

  private record Reply(int status, String body, String contentType) {}

  private static String number() {
    return "+1415" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
  }

  private static Map<String, List<String>> call(String to) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("CallSid", List.of("CA" + Long.toHexString(ThreadLocalRandom.current().nextLong())));
    params.put("AccountSid", List.of("AC0123456789"));
    params.put("From", List.of("+14155550142"));
    params.put("To", List.of(to));
    params.put("CallStatus", List.of("ringing"));
    params.put("Direction", List.of("inbound"));
    return params;
  }

  private Reply post(Map<String, List<String>> params, String signature) {
    String form = params.entrySet().stream().flatMap(e -> e.getValue().stream()
            .map(v -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)))
        .collect(Collectors.joining("&"));
    var request = HttpRequest.POST(PATH, form).contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
        .header("X-Twilio-Signature", signature);
    try {
      HttpResponse<String> response = http.toBlocking().exchange(request, String.class);
      return new Reply(response.code(), response.body(), response.getContentType().map(Object::toString).orElse(""));
    } catch (HttpClientResponseException e) {
      return new Reply(e.code(), e.getResponse().getBody(String.class).orElse(""), "");
    }
  }

  private Reply signedCall(String to) {
    Map<String, List<String>> params = call(to);
    return post(params, TwilioSignature.sign(AUTH_TOKEN, PUBLIC_URL, params));
  }

  @Test
  void aSignedCallToABusinessNumberIsConnectedToItsAgent() {
    String number = number();
    Registered mario = TestTenants.registerWithPhone(directory, "mario-pizza.yaml", number, false);

    Reply reply = signedCall(number);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("text/xml");
    JsonNode request = TestEnvironment.ULTRAVOX.lastCallRequest();
    assertThat(request.path("medium").has("twilio")).isTrue();
    assertThat(request.path("metadata").path("channel").asText()).isEqualTo("phone");
    String joinUrl = TestEnvironment.ULTRAVOX.lastCall().path("joinUrl").asText();
    assertThat(reply.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Connect><Stream url=\""
        + joinUrl + "\"/></Connect></Response>");
    assertThat(sessions.count(mario.businessId())).isEqualTo(1);
  }

  /**
   * The attack: sign up and list another business's number in the spec. Before, the older claimant got its calls
   * (an early sign-up took the calls of everyone after it); now only the platform's assignment routes a call.
   */
  @Test
  void aNumberListedByAnotherBusinessStillReachesTheBusinessItIsAssignedTo() {
    String number = number();
    Registered squatter = TestTenants.register(directory, "techsupport.yaml", false);
    TestTenants.editSpec(directory, squatter, s -> new com.qastco.voice.api.v1alpha1.BusinessSpec(s.displayName(),
        s.type(), s.contact(), s.subdomain(), s.customDomains(), s.plan(), s.billing(), s.locale(), s.hours(),
        s.voice(), List.of(number), s.widget(), s.branding(), s.notifications(), s.handover(), s.tools(), s.integrations(), s.suspended()));

    assertThat(signedCall(number).body()).contains("this number is not in service"); // listed, not assigned
    assertThat(sessions.count(squatter.businessId())).isZero();

    Registered owner = TestTenants.registerWithPhone(directory, "mario-pizza.yaml", number, false);
    assertThat(signedCall(number).body()).contains("<Connect>");
    assertThat(sessions.count(owner.businessId())).isEqualTo(1);
    assertThat(sessions.count(squatter.businessId())).isZero();
  }

  @Test
  void aBadOrMissingSignatureIsRefusedWithNothingStarted() {
    String number = number();
    Registered mario = TestTenants.registerWithPhone(directory, "mario-pizza.yaml", number, false);
    Map<String, List<String>> params = call(number);
    String good = TwilioSignature.sign(AUTH_TOKEN, PUBLIC_URL, params);

    Map<String, List<String>> tampered = new LinkedHashMap<>(params);
    tampered.put("From", List.of("+19995550000"));
    // Signed for the URL the runtime sees behind the ingress, not the public one Twilio called.
    String internalUrl = TwilioSignature.sign(AUTH_TOKEN, "http://voice-runtime:8080" + PATH, params);

    assertThat(List.of(post(params, ""), post(params, "bm90LWEtc2lnbmF0dXJl"), post(tampered, good),
        post(params, TwilioSignature.sign("another-account-token", PUBLIC_URL, params)), post(params, internalUrl)))
        .allSatisfy(r -> {
          assertThat(r.status()).isEqualTo(403);
          assertThat(r.body()).contains("X-Twilio-Signature");
        });
    assertThat(sessions.count(mario.businessId())).isZero();
    assertThat(TestEnvironment.ULTRAVOX.callRequests()).isEmpty();
  }

  @Test
  void anUnknownNumberIsToldPolitely() {
    Reply reply = signedCall(number());

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).contains("<Say>Sorry, this number is not in service.</Say><Hangup/>");
    assertThat(TestEnvironment.ULTRAVOX.callRequests()).isEmpty();
  }

  @Test
  void aSuspendedBusinessIsNotConnectedAndTheCallerHearsWhy() {
    String number = number();
    Registered suspended = TestTenants.registerWithPhone(directory, "mario-pizza.yaml", number, true);

    Reply reply = signedCall(number);

    assertThat(reply.body()).contains("<Say>Sorry, Mario&apos;s Pizza Palace is not taking calls at the moment.");
    assertThat(sessions.count(suspended.businessId())).isZero();
    assertThat(TestEnvironment.ULTRAVOX.callRequests()).isEmpty();
  }

  @Test
  void aClosedBusinessThatRefusesCallsAfterHoursTellsTheCallerWhenItOpens() {
    String number = number();
    Registered mario = TestTenants.registerWithPhone(directory, "mario-pizza.yaml", number, false);
    // Open on one day that is not today (in the Business's zone): closed now, whatever the clock says.
    DayOfWeek other = ZonedDateTime.now(ZoneId.of("America/New_York")).getDayOfWeek().plus(3);
    List<OpeningHours> weekly = List.of(new OpeningHours(OpeningHours.Day.valueOf(other.name()), "09:00", "17:00"));
    TestTenants.setHours(directory, mario, new Hours(weekly, null, Hours.AfterHours.REFUSE));

    Reply reply = signedCall(number);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).contains("<Say>Thank you for calling Mario&apos;s Pizza Palace. We are closed right now."
        + " Our opening hours are " + other.name().charAt(0) + other.name().substring(1).toLowerCase(Locale.ROOT)
        + " 09:00–17:00").contains("<Hangup/>");
    assertThat(sessions.count(mario.businessId())).isZero();
    assertThat(TestEnvironment.ULTRAVOX.callRequests()).isEmpty();

    // The same hours with the default (answer): the agent takes the call and says when the shop opens.
    TestTenants.setHours(directory, mario, new Hours(weekly, null, null));
    assertThat(signedCall(number).body()).contains("<Connect>");
    assertThat(sessions.count(mario.businessId())).isEqualTo(1);
  }

  @Test
  void whenAllLinesAreBusyTheCallerHearsIt() {
    String number = number();
    Registered clinic = TestTenants.registerWithPhone(directory, "dr-smith.yaml", number, false);
    // dr-smith is on the starter plan: two concurrent calls.
    assertThat(signedCall(number).body()).contains("<Connect>");
    assertThat(signedCall(number).body()).contains("<Connect>");

    Reply third = signedCall(number);

    assertThat(third.body()).contains("All lines of Dr. Sarah Smith Clinic are busy.");
    assertThat(sessions.count(clinic.businessId())).isEqualTo(2);
  }

  /** A call from {@code from} to {@code to}, answered by the agent; its tools as Ultravox would call them. */
  private ToolCalls phoneCall(Registered business, String from, String to) {
    Map<String, List<String>> params = call(to);
    params.put("From", List.of(from));
    assertThat(post(params, TwilioSignature.sign(AUTH_TOKEN, PUBLIC_URL, params)).body()).contains("<Connect>");
    return new ToolCalls(http, business, TestEnvironment.ULTRAVOX.lastCallToken(),
        TestEnvironment.ULTRAVOX.lastCallId());
  }

  @Test
  void onlyACallFromTheNumberABookingWasMadeWithCancelsItWithoutTheCode() {
    String number = number();
    Registered clinic = TestTenants.registerWithPhone(directory, "dr-smith.yaml", number, false);
    ToolCalls.loadCatalog(clinic, csv, catalog, "dr-smith.yaml");
    String monday = ZonedDateTime.now(ZoneId.of("America/Chicago")).plusWeeks(2)
        .with(java.time.temporal.TemporalAdjusters.next(DayOfWeek.MONDAY)).toLocalDate().toString();
    ToolCalls di = phoneCall(clinic, "+13125550300", number);
    assertThat(di.tool("book_appointment", Map.of("service", "Blood Test", "date", monday, "time", "14:00",
        "customerName", "Di", "customerPhone", "+13125550300")).get("ok")).isEqualTo(true);

    // Another phone, its caller saying Di's number: Twilio's From is what counts, and it is not Di's.
    Answer stranger = phoneCall(clinic, "+13125550399", number).tool("cancel_appointment",
        Map.of("date", monday, "time", "14:00"));
    Answer own = di.tool("cancel_appointment", Map.of("date", monday, "time", "14:00"));

    assertThat(stranger.get("ok")).isEqualTo(false);
    assertThat(stranger.get("say")).isEqualTo("I can't find a booking from this phone number at that time;"
        + " the confirmation code would find it.");
    assertThat(own.get("ok")).isEqualTo(true);
  }

  @Test
  void twilioSendingACallAgainGetsTheSameAgentNotASecondSession() {
    String number = number();
    Registered clinic = TestTenants.registerWithPhone(directory, "dr-smith.yaml", number, false);
    Map<String, List<String>> params = call(number);
    String signature = TwilioSignature.sign(AUTH_TOKEN, PUBLIC_URL, params);

    Reply first = post(params, signature);
    Reply again = post(params, signature); // Twilio retries a webhook whose answer was late

    assertThat(first.body()).contains("<Connect>");
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(sessions.count(clinic.businessId())).isEqualTo(1);
    assertThat(TestEnvironment.ULTRAVOX.callRequests()).hasSize(1);
  }

  @Test
  void theStreamUrlIsEscapedInTheTwiml() {
    assertThat(TwiML.connect("wss://x.example/calls/1?a=1&b=2"))
        .contains("<Stream url=\"wss://x.example/calls/1?a=1&amp;b=2\"/>");
  }
}
