package com.qastco.voice.runtime.sessions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.qastco.voice.api.v1alpha1.Hours;
import com.qastco.voice.api.v1alpha1.OpeningHours;
import com.qastco.voice.integrations.agent.CallTemplate;
import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestHttp;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionApiTest implements RuntimeTest {
  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  SessionRepository sessions;

  @Inject
  LiveSessions live;

  @AfterEach
  void healthyProvider() {
    TestEnvironment.ULTRAVOX.reset();
  }

  @Test
  void aServerStartsASessionAndUltravoxGetsTheToolsWithAFreshToken() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);

    Answer answer = start(mario, "Bearer " + mario.secretKey(), null);

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.get("joinUrl").toString()).startsWith("wss://");
    assertThat(answer.get("overage")).isEqualTo(false);
    JsonNode request = TestEnvironment.ULTRAVOX.lastCallRequest();
    assertThat(request.path("metadata").path("businessId").asText()).isEqualTo(mario.businessId().toString());
    assertThat(request.path("metadata").path("sessionId").asText()).isEqualTo(answer.get("sessionId"));
    assertThat(request.path("systemPrompt").asText()).contains("Mario's Pizza Palace");
    assertThat(request.path("maxDuration").asText()).isEqualTo("600s");
    assertThat(request.path("selectedTools")).extracting(t -> t.path("temporaryTool").path("modelToolName").asText())
        .containsExactlyInAnyOrder("business_info", "business_hours", "transfer_to_staff", "search_knowledge",
            "get_menu", "place_order",
            "order_status");
    JsonNode placeOrder = java.util.stream.StreamSupport.stream(request.path("selectedTools").spliterator(), false)
        .map(t -> t.path("temporaryTool")).filter(t -> t.path("modelToolName").asText().equals("place_order"))
        .findFirst().orElseThrow();
    assertThat(placeOrder.path("http").path("baseUrlPattern").asText())
        .isEqualTo("http://" + mario.host() + "/api/v1/tools/place_order");
    String token = TestEnvironment.ULTRAVOX.lastCallToken();
    assertThat(token).hasSizeGreaterThan(40).isNotEqualTo(mario.secretKey());
    assertThat(sessions.count(mario.businessId())).isEqualTo(1);
  }

  @Test
  void aPageStartsASessionWithThePublishableKeyOnlyFromAnAllowedOrigin() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    String pk = "Bearer " + mario.publishableKey();

    Answer allowed = start(mario, pk, "https://www.mariospizza.example");
    Answer refused = start(mario, pk, "https://evil.example");
    Answer noOrigin = start(mario, pk, null);

    assertThat(allowed.status()).isEqualTo(201);
    assertThat(allowed.headers().get("Access-Control-Allow-Origin")).isEqualTo("https://www.mariospizza.example");
    assertThat(refused.error()).startsWith("403 origin_not_allowed: This site is not allowed");
    assertThat(noOrigin.status()).isEqualTo(403);
    assertThat(sessions.count(mario.businessId())).isEqualTo(1);

    Answer preflight = TestHttp.send(http, HttpRequest.OPTIONS("/api/v1/sessions").header("Host", mario.host())
        .header("Origin", "https://www.mariospizza.example").header("Access-Control-Request-Method", "POST"));
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.headers().get("Access-Control-Allow-Methods")).isEqualTo("POST");
    assertThat(TestHttp.send(http, HttpRequest.OPTIONS("/api/v1/sessions").header("Host", mario.host())
        .header("Origin", "https://evil.example")).status()).isEqualTo(403);
  }

  @Test
  void aBusinessWithAnAgentStartsCallsFromItAndItsToolsCarryTheFreshToken() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    String agentId = TestTenants.giveAgent(directory, mario);

    Answer answer = start(mario, "Bearer " + mario.secretKey(), null);

    assertThat(answer.status()).isEqualTo(201);
    JsonNode request = TestEnvironment.ULTRAVOX.lastCallRequest();
    assertThat(request.has("systemPrompt")).isFalse(); // the agent holds it; only this call's values travel
    assertThat(request.path("metadata").path("sessionId").asText()).isEqualTo(answer.get("sessionId"));
    String token = request.path("templateContext").path("callToken").asText();
    assertThat(token).hasSizeGreaterThan(40);
    var call = TestEnvironment.ULTRAVOX.lastCall();
    assertThat(call.path("agentId").asText()).isEqualTo(agentId);
    assertThat(call.path("selectedTools").get(0).path("temporaryTool").path("staticParameters").get(0)
        .path("value").asText()).isEqualTo(token);

    // The tool call Ultravox makes with the filled-in header is accepted.
    Answer tool = TestHttp.send(http, HttpRequest.POST("/api/v1/tools/business_info",
            Map.of("callId", answer.get("callId")))
        .header("Host", mario.host()).header(CallTemplate.TOKEN_HEADER, token));
    assertThat(tool.status()).isEqualTo(200);
  }

  @Test
  void whenUltravoxIsAtCapacityNothingIsStartedOrCounted() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    TestEnvironment.ULTRAVOX.answerCalls(aResponse().withStatus(429).withHeader("Retry-After", "7")
        .withBody("{\"detail\":\"Request was throttled.\"}"));

    Answer answer = start(mario, "Bearer " + mario.secretKey(), null);

    assertThat(answer.error()).isEqualTo("503 voice_unavailable: The voice provider is at capacity;"
        + " please try again shortly");
    assertThat(answer.headers().get("Retry-After")).isEqualTo("7");
    assertThat(sessions.count(mario.businessId())).isZero();
    assertThat(live.liveCount(tenant(mario))).isZero();
  }

  @Test
  void aFailingOrSlowUltravoxLeavesNothingHalfMade() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);

    TestEnvironment.ULTRAVOX.answerCalls(aResponse().withStatus(502));
    Answer failed = start(mario, "Bearer " + mario.secretKey(), null);
    TestEnvironment.ULTRAVOX.answerCalls(aResponse().withStatus(201).withFixedDelay(3000).withBody("{}"));
    Answer slow = start(mario, "Bearer " + mario.secretKey(), null);

    assertThat(failed.status()).isEqualTo(503);
    assertThat(slow.error()).isEqualTo("503 voice_unavailable: The voice provider did not answer in time;"
        + " please try again shortly");
    assertThat(sessions.count(mario.businessId())).isZero();
    assertThat(live.liveCount(tenant(mario))).isZero();
  }

  @Test
  void concurrentCallsStopAtThePlansLimit() {
    Registered clinic = TestTenants.register(directory, "dr-smith.yaml", false); // starter: 2 lines
    String sk = "Bearer " + clinic.secretKey();

    assertThat(start(clinic, sk, null).status()).isEqualTo(201);
    assertThat(start(clinic, sk, null).status()).isEqualTo(201);
    Answer third = start(clinic, sk, null);

    assertThat(third.error()).isEqualTo("429 too_many_calls: All 2 lines of Dr. Sarah Smith Clinic are busy;"
        + " please try again in a minute");
    assertThat(sessions.count(clinic.businessId())).isEqualTo(2);
  }

  @Test
  void keysOfAnotherBusinessOrNoKeyAreRefused() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    Registered clinic = TestTenants.register(directory, "dr-smith.yaml", false);

    Answer wrongHost = TestHttp.send(http, HttpRequest.POST("/api/v1/sessions", Map.of())
        .header("Host", mario.host()).header("Authorization", "Bearer " + clinic.secretKey()));
    Answer noKey = TestHttp.send(http, HttpRequest.POST("/api/v1/sessions", Map.of()).header("Host", mario.host()));
    Answer badChannel = TestHttp.send(http, HttpRequest.POST("/api/v1/sessions", Map.of("channel", "fax"))
        .header("Host", mario.host()).header("Authorization", "Bearer " + mario.secretKey()));

    assertThat(wrongHost.error()).isEqualTo("403 wrong_business: This key belongs to another business");
    assertThat(noKey.status()).isEqualTo(401);
    assertThat(badChannel.status()).isEqualTo(400);
    assertThat(sessions.count(mario.businessId())).isZero();
    assertThat(sessions.count(clinic.businessId())).isZero();
  }

  /** The attack: any key asks for a "test" session, which is never billed and never refused after hours. */
  @Test
  void noKeyStartsATestSessionOnlyTheToolTesterMakesThose() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);

    Answer test = TestHttp.send(http, HttpRequest.POST("/api/v1/sessions", Map.of("channel", "test"))
        .header("Host", mario.host()).header("Authorization", mario.bearer()));

    assertThat(test.status()).isEqualTo(400);
    assertThat(test.error()).contains("channel must be \"web\"");
    assertThat(sessions.count(mario.businessId())).isZero();
    assertThat(TestEnvironment.ULTRAVOX.callRequests()).isEmpty();
  }

  @Test
  void aSuspendedBusinessTakesNoCalls() {
    Registered suspended = TestTenants.register(directory, "techsupport.yaml", true);

    Answer answer = start(suspended, "Bearer " + suspended.secretKey(), null);

    assertThat(answer.error()).isEqualTo("403 business_suspended: TechSupport Pro is not taking calls at the moment");
  }

  @Test
  void aBusinessThatRefusesCallsAfterHoursSaysWhenItOpensAndStartsNothing() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    // Open only on a day that is not today in the Business's zone: closed now, whatever the clock says.
    java.time.DayOfWeek other = java.time.ZonedDateTime.now(java.time.ZoneId.of("America/New_York")).getDayOfWeek()
        .plus(3);
    TestTenants.setHours(directory, mario, new Hours(List.of(new OpeningHours(OpeningHours.Day.valueOf(other.name()),
        "09:00", "17:00")), null, Hours.AfterHours.REFUSE));

    Answer closed = start(mario, mario.bearer(), null);

    assertThat(closed.status()).isEqualTo(409);
    assertThat(closed.error()).startsWith("409 closed: Mario's Pizza Palace is closed right now. Our opening hours are")
        .contains("09:00–17:00 (America/New_York time)");
    assertThat(sessions.count(mario.businessId())).isZero();
    assertThat(TestEnvironment.ULTRAVOX.callRequests()).isEmpty();
  }

  private Answer start(Registered tenant, String authorization, String origin) {
    MutableHttpRequest<?> request = HttpRequest.POST("/api/v1/sessions", Map.of("channel", "web"))
        .header("Host", tenant.host()).header("Authorization", authorization);
    if (origin != null) {
      request.header("Origin", origin);
    }
    return TestHttp.send(http, request);
  }

  private com.qastco.voice.runtime.tenants.Tenant tenant(Registered registered) {
    return directory.byHost(registered.host()).orElseThrow();
  }
}
