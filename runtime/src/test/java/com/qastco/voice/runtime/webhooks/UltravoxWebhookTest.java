package com.qastco.voice.runtime.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.qastco.voice.integrations.fakes.UltravoxFake;
import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestHttp;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.sessions.LiveSessions;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UltravoxWebhookTest implements RuntimeTest {
  private static final UltravoxFake ULTRAVOX = TestEnvironment.ULTRAVOX;
  private static final String SECRET = TestEnvironment.WEBHOOK_SECRET;

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  TenantDatabase database;

  @Inject
  LiveSessions live;

  @Inject
  io.lettuce.core.api.StatefulRedisConnection<String, String> redis;

  @AfterEach
  void healthy() {
    ULTRAVOX.reset();
  }

  /** A business with a call in progress, started through the API. */
  private record Call(Registered tenant, UUID sessionId, String callId) {}

  private Call startCall() {
    Registered tenant = TestTenants.register(directory, "mario-pizza.yaml", false);
    Answer started = TestHttp.send(http, HttpRequest.POST("/api/v1/sessions", Map.of("channel", "web"))
        .header("Host", tenant.host()).header("Authorization", tenant.bearer()));
    assertThat(started.status()).isEqualTo(201);
    return new Call(tenant, UUID.fromString(started.get("sessionId").toString()), started.get("callId").toString());
  }

  private Answer deliver(UltravoxFake.Delivery delivery) {
    return TestHttp.send(http, HttpRequest.POST("/api/v1/webhooks/ultravox", delivery.body())
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .header("X-Ultravox-Webhook-Timestamp", delivery.timestamp())
        .header("X-Ultravox-Webhook-Signature", delivery.signature()));
  }

  private Map<String, Object> session(Call call) {
    return database.inTenant(call.tenant().businessId(), c -> {
      try (var select = c.prepareStatement("SELECT status, end_reason, joined_at, ended_at, billed_seconds,"
          + " billing_status, transcript::text FROM voice_session WHERE id = ?")) {
        select.setObject(1, call.sessionId());
        try (ResultSet r = select.executeQuery()) {
          r.next();
          Map<String, Object> row = new HashMap<>();
          for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
            row.put(r.getMetaData().getColumnName(i), r.getObject(i));
          }
          return row;
        }
      }
    });
  }

  /** The call's lines in the usage ledger: billed seconds (or "none") and period. */
  private List<String> ledger(Call call) {
    return database.inTenant(call.tenant().businessId(), c -> {
      try (var select = c.prepareStatement("SELECT coalesce(billed_seconds::text, 'none') || ' '"
          + " || to_char(period_start AT TIME ZONE 'UTC', 'YYYY-MM')"
          + " FROM usage_ledger WHERE call_id = ?")) {
        select.setString(1, call.callId());
        List<String> rows = new java.util.ArrayList<>();
        try (ResultSet r = select.executeQuery()) {
          while (r.next()) {
            rows.add(r.getString(1));
          }
        }
        return rows;
      }
    });
  }

  /** The Redis counter's period of a Business without a subscription: the UTC month. */
  private static String periodKey() {
    return com.qastco.voice.runtime.billing.BillingPeriod.containing(java.util.Optional.empty(), Instant.now()).key();
  }

  private static String month() {
    return java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
  }

  @Test
  void aJoinedCallIsInTheUsageLedgerOnceAndItsBilledTimeJoinsItLater() {
    Call call = startCall();
    ULTRAVOX.join(call.callId());
    ULTRAVOX.end(call.callId(), "hangup");
    ULTRAVOX.bill(call.callId(), 37);

    deliver(ULTRAVOX.event("call.ended", call.callId(), Instant.now(), SECRET));
    deliver(ULTRAVOX.event("call.ended", call.callId(), Instant.now(), SECRET));
    List<String> beforeBilling = ledger(call);
    deliver(ULTRAVOX.event("call.billed", call.callId(), Instant.now(), SECRET));

    assertThat(beforeBilling).containsExactly("none " + month());
    assertThat(ledger(call)).containsExactly(session(call).get("billed_seconds") + " " + month());
  }

  @Test
  void aMonthCounterRedisLostIsRebuiltFromPostgresql() {
    Call ended = startCall();
    ULTRAVOX.join(ended.callId());
    ULTRAVOX.end(ended.callId(), "hangup");
    deliver(ULTRAVOX.event("call.ended", ended.callId(), Instant.now(), SECRET));
    Call neverJoined = startCall();
    ULTRAVOX.end(neverJoined.callId(), "unjoined");
    deliver(ULTRAVOX.event("call.ended", neverJoined.callId(), Instant.now(), SECRET));
    // Both were registered as their own Businesses; count one Business's month: a joined call and a new one.
    String key = tenant(ended).redisPrefix() + "sessions:" + periodKey();
    redis.sync().del(key);

    Answer next = TestHttp.send(http, HttpRequest.POST("/api/v1/sessions", Map.of("channel", "web"))
        .header("Host", ended.tenant().host()).header("Authorization", ended.tenant().bearer()));

    assertThat(next.status()).isEqualTo(201);
    assertThat(redis.sync().get(key)).isEqualTo("2"); // the ended call, rebuilt, and this one
    assertThat(ledger(neverJoined)).isEmpty();
  }

  private Tenant tenant(Call call) {
    return directory.byId(call.tenant().businessId()).orElseThrow();
  }

  @jakarta.inject.Inject
  com.qastco.voice.runtime.catalog.CatalogCsv csv;

  @jakarta.inject.Inject
  com.qastco.voice.runtime.catalog.CatalogRepository catalog;

  /** Ends the call and returns the session's outcome, summary and the webhook's call.completed payload. */
  private List<String> endAndRead(Registered tenant, String callId, String shortSummary) {
    var ended = ULTRAVOX.end(callId, "hangup");
    if (shortSummary != null) {
      ended.put("shortSummary", shortSummary);
    }
    assertThat(deliver(ULTRAVOX.event("call.ended", callId, Instant.now(), SECRET)).status()).isEqualTo(204);
    return database.inTenant(tenant.businessId(), c -> {
      try (var select = c.prepareStatement("SELECT s.outcome, s.summary, (SELECT string_agg(o.payload->>'outcome',"
          + " ',') FROM outbox o WHERE o.event = 'call.completed' AND o.subject_id = s.id)"
          + " FROM voice_session s WHERE s.call_id = ?")) {
        select.setString(1, callId);
        try (ResultSet r = select.executeQuery()) {
          r.next();
          return java.util.Arrays.asList(r.getString(1), r.getString(2), r.getString(3));
        }
      }
    });
  }

  @Test
  void anEndedCallKeepsWhatItCameToForTheCallListAndTheBusinesssWebhook() {
    Registered mario = TestTenants.registerWithWebhook(directory, "mario-pizza.yaml", "https://hooks.mario.example/v");
    com.qastco.voice.runtime.tools.ToolCalls.loadCatalog(mario, csv, catalog, "mario-pizza.yaml");
    var order = com.qastco.voice.runtime.tools.ToolCalls.startWithoutCatalog(http, mario);
    order.tool("search_knowledge", Map.of("question", "parking"));
    order.tool("place_order", Map.of("items", List.of(Map.of("name", "Margherita Pizza", "quantity", 2))));
    var message = com.qastco.voice.runtime.tools.ToolCalls.startWithoutCatalog(http, mario);
    message.tool("transfer_to_staff", Map.of("reason", "a birthday party for 20", "customerName", "Ana",
        "customerPhone", "+14155550177"));
    var summarised = com.qastco.voice.runtime.tools.ToolCalls.startWithoutCatalog(http, mario);
    var nothing = com.qastco.voice.runtime.tools.ToolCalls.startWithoutCatalog(http, mario);

    List<String> ordered = endAndRead(mario, order.callId(), null);
    List<String> messageTaken = endAndRead(mario, message.callId(), null);
    List<String> fromUltravox = endAndRead(mario, summarised.callId(), "Caller asked where to park.");
    List<String> none = endAndRead(mario, nothing.callId(), null);

    assertThat(ordered.get(0)).isEqualTo("ordered");
    assertThat(ordered.get(1)).startsWith("Order ").contains("is placed", "2 Margherita Pizza");
    assertThat(ordered.get(2)).isEqualTo("ordered"); // the webhook's call.completed carries it, once
    assertThat(messageTaken.subList(0, 1)).containsExactly("message");
    assertThat(messageTaken.get(1)).contains("passed the request on");
    assertThat(fromUltravox).containsExactly("none", "Caller asked where to park.", "none");
    assertThat(none.get(0)).isEqualTo("none");

    Answer onlyOrders = TestHttp.send(http, HttpRequest.GET("/api/v1/sessions?outcome=ordered")
        .header("Host", mario.host()).header("Authorization", mario.bearer()));
    Answer badOutcome = TestHttp.send(http, HttpRequest.GET("/api/v1/sessions?outcome=sold")
        .header("Host", mario.host()).header("Authorization", mario.bearer()));
    assertThat(onlyOrders.get("total")).isEqualTo(1);
    assertThat(onlyOrders.toString()).contains(order.callId()).doesNotContain(message.callId());
    assertThat(badOutcome.status()).isEqualTo(400);
    assertThat(badOutcome.toString()).contains("outcome must be one of ordered, booked, ticket, transferred,"
        + " message, none");
  }

  @Test
  void ultravoxsSummaryArrivingOnlyWithCallBilledReplacesTheToolsSentencesAndIsSentOnce() {
    Registered mario = TestTenants.registerWithWebhook(directory, "mario-pizza.yaml", "https://hooks.mario.example/v");
    var late = com.qastco.voice.runtime.tools.ToolCalls.startWithoutCatalog(http, mario);
    var early = com.qastco.voice.runtime.tools.ToolCalls.startWithoutCatalog(http, mario);

    // Ended without a summary (the tools' sentence is kept), then billed with one.
    assertThat(endAndRead(mario, late.callId(), null).get(1)).startsWith("The caller asked questions");
    ULTRAVOX.bill(late.callId(), 40).put("shortSummary", "Caller asked about gluten-free pizza.");
    var billed = ULTRAVOX.event("call.billed", late.callId(), Instant.now(), SECRET);
    assertThat(deliver(billed).status()).isEqualTo(204);
    assertThat(deliver(billed).status()).isEqualTo(204); // Ultravox delivering it again changes nothing

    // Billed first (with the summary), then ended without one: Ultravox's summary stays.
    ULTRAVOX.bill(early.callId(), 20).put("shortSummary", "Caller asked for the opening hours.");
    assertThat(deliver(ULTRAVOX.event("call.billed", early.callId(), Instant.now(), SECRET)).status()).isEqualTo(204);
    ULTRAVOX.call(early.callId()).remove("shortSummary");
    List<String> earlyRead = endAndRead(mario, early.callId(), null);

    assertThat(summaryAndSent(mario, late.callId())).containsExactly("Caller asked about gluten-free pizza.",
        "1 call.summarized: Caller asked about gluten-free pizza.");
    assertThat(earlyRead.get(1)).isEqualTo("Caller asked for the opening hours.");
    assertThat(summaryAndSent(mario, early.callId())).containsExactly("Caller asked for the opening hours.",
        "0 call.summarized: null"); // call.completed carried it: nothing more to tell
  }

  private List<String> summaryAndSent(Registered tenant, String callId) {
    return database.inTenant(tenant.businessId(), c -> {
      try (var select = c.prepareStatement("SELECT s.summary, (SELECT count(*) || ' call.summarized: '"
          + " || coalesce(max(o.payload->>'summary'), 'null') FROM outbox o WHERE o.event = 'call.summarized'"
          + " AND o.subject_id = s.id) FROM voice_session s WHERE s.call_id = ?")) {
        select.setString(1, callId);
        try (ResultSet r = select.executeQuery()) {
          r.next();
          return java.util.Arrays.asList(r.getString(1), r.getString(2));
        }
      }
    });
  }

  @Test
  void callEndedClosesTheSessionFreesItsLineAndStoresTheTranscript() {
    Call call = startCall();
    assertThat(live.liveCount(tenant(call))).isEqualTo(1);
    ULTRAVOX.join(call.callId());
    ULTRAVOX.end(call.callId(), "hangup");
    ULTRAVOX.transcript(call.callId(), List.of(
        Map.of("role", "MESSAGE_ROLE_AGENT", "text", "Hello, Mario's Pizza Palace!", "medium", "MESSAGE_MEDIUM_VOICE"),
        Map.of("role", "MESSAGE_ROLE_USER", "text", "One margherita, please."),
        Map.of("role", "MESSAGE_ROLE_TOOL_CALL", "text", "", "toolName", "place_order")));

    Answer answer = deliver(ULTRAVOX.event("call.ended", call.callId(), Instant.now(), SECRET));

    assertThat(answer.status()).isEqualTo(204);
    Map<String, Object> session = session(call);
    assertThat(session.get("status")).isEqualTo("ended");
    assertThat(session.get("end_reason")).isEqualTo("hangup");
    assertThat(session.get("joined_at")).isNotNull();
    assertThat(session.get("transcript").toString()).contains("One margherita, please.", "place_order");
    assertThat(live.liveCount(tenant(call))).isZero();
    assertThat(redis.sync().get(tenant(call).redisPrefix() + "sessions:" + periodKey())).isEqualTo("1"); // still counted
  }

  @Test
  void aCallsToolTokenStopsWorkingWhenTheCallHasEnded() {
    Call call = startCall();
    String token = ULTRAVOX.lastCallToken();
    var tools = new com.qastco.voice.runtime.tools.ToolCalls(http, call.tenant(), token, call.callId());
    assertThat(tools.tool("get_menu", Map.of()).status()).isEqualTo(200);
    ULTRAVOX.join(call.callId());
    ULTRAVOX.end(call.callId(), "hangup");

    deliver(ULTRAVOX.event("call.ended", call.callId(), Instant.now(), SECRET));
    Answer after = tools.tool("business_hours", Map.of());

    assertThat(after.status()).isEqualTo(401);
    assertThat(after.get("message")).isEqualTo("The call has ended; its token no longer works");
  }

  @Test
  void aDuplicateDeliveryChangesNothingAndFetchesNothing() {
    Call call = startCall();
    ULTRAVOX.end(call.callId(), "hangup");
    UltravoxFake.Delivery delivery = ULTRAVOX.event("call.ended", call.callId(), Instant.now(), SECRET);

    assertThat(deliver(delivery).status()).isEqualTo(204);
    long fetches = messageFetches();
    assertThat(deliver(delivery).status()).isEqualTo(204);
    assertThat(deliver(ULTRAVOX.event("call.ended", call.callId(), Instant.now(), SECRET)).status())
        .isEqualTo(204);

    assertThat(messageFetches()).isEqualTo(fetches);
  }

  private long messageFetches() {
    return ULTRAVOX.requests().stream().filter(r -> r.getUrl().contains("/messages")).count();
  }

  @Test
  void eventsOutOfOrderNeverMoveASessionBack() {
    Call call = startCall();
    ULTRAVOX.join(call.callId());
    ULTRAVOX.end(call.callId(), "agent_hangup");
    ULTRAVOX.bill(call.callId(), 37);

    assertThat(deliver(ULTRAVOX.event("call.billed", call.callId(), Instant.now(), SECRET)).status()).isEqualTo(204);
    assertThat(deliver(ULTRAVOX.event("call.ended", call.callId(), Instant.now(), SECRET)).status()).isEqualTo(204);
    assertThat(deliver(ULTRAVOX.event("call.joined", call.callId(), Instant.now(), SECRET)).status()).isEqualTo(204);

    Map<String, Object> session = session(call);
    assertThat(session.get("status")).isEqualTo("ended");
    assertThat(session.get("end_reason")).isEqualTo("agent_hangup");
    assertThat(session.get("joined_at")).isNotNull();
    assertThat(session.get("billed_seconds").toString()).isEqualTo("42.000");
    assertThat(session.get("billing_status")).isEqualTo("BILLING_STATUS_BILLED");
    assertThat(ledger(call)).containsExactly("42.000 " + month()); // billed before it ended: carried into the ledger
  }

  @Test
  void aCallerWhoNeverJoinedIsNotCountedForTheMonth() {
    Call call = startCall();
    ULTRAVOX.end(call.callId(), "unjoined");

    assertThat(deliver(ULTRAVOX.event("call.ended", call.callId(), Instant.now(), SECRET)).status()).isEqualTo(204);

    assertThat(session(call).get("status")).isEqualTo("expired");
    assertThat(live.liveCount(tenant(call))).isZero();
    assertThat(redis.sync().get(tenant(call).redisPrefix() + "sessions:" + periodKey())).isEqualTo("0");
  }

  @Test
  void badSignaturesAreRefusedAndChangeNothing() {
    Call call = startCall();
    ULTRAVOX.end(call.callId(), "hangup");
    UltravoxFake.Delivery good = ULTRAVOX.event("call.ended", call.callId(), Instant.now(), SECRET);

    byte[] tampered = new String(good.body(), StandardCharsets.UTF_8).replace("hangup", "timeout")
        .getBytes(StandardCharsets.UTF_8);
    Answer tamperedAnswer = deliver(new UltravoxFake.Delivery(tampered, good.timestamp(), good.signature()));
    Answer wrongSecret = deliver(ULTRAVOX.event("call.ended", call.callId(), Instant.now(), "not-our-secret-123"));
    Answer unsigned = deliver(new UltravoxFake.Delivery(good.body(), good.timestamp(), ""));
    // Some third-party code signs timestamp + "." + body: not what Ultravox documents, so not accepted.
    String wrongScheme = UltravoxSignature.sign(SECRET, (good.timestamp() + "." + new String(good.body(),
        StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8), "");
    Answer otherScheme = deliver(new UltravoxFake.Delivery(good.body(), good.timestamp(), wrongScheme));

    assertThat(List.of(tamperedAnswer, wrongSecret, unsigned, otherScheme)).allSatisfy(a -> {
      assertThat(a.status()).isEqualTo(401);
      assertThat(a.error()).contains("X-Ultravox-Webhook-Signature");
    });
    assertThat(session(call).get("status")).isEqualTo("created");
    assertThat(live.liveCount(tenant(call))).isEqualTo(1);
  }

  @Test
  void aStaleOrFutureTimestampIsRefusedAsAReplay() {
    Call call = startCall();
    ULTRAVOX.end(call.callId(), "hangup");

    Answer stale = deliver(ULTRAVOX.event("call.ended", call.callId(), Instant.now().minusSeconds(120), SECRET));
    Answer future = deliver(ULTRAVOX.event("call.ended", call.callId(), Instant.now().plusSeconds(120), SECRET));

    assertThat(stale.status()).isEqualTo(400);
    assertThat(stale.error()).contains("stale_event", "outside the accepted window of 60 s");
    assertThat(future.status()).isEqualTo(400);
    assertThat(session(call).get("status")).isEqualTo("created");
  }

  @Test
  void duringARotationEitherSecretIsAccepted() {
    Call first = startCall();
    Call second = startCall();
    ULTRAVOX.join(first.callId());
    ULTRAVOX.join(second.callId());

    // Ultravox signs with every secret it has, one of which we no longer know; and with the retiring one alone.
    Answer both = deliver(ULTRAVOX.event("call.joined", first.callId(), Instant.now(), "unknown-secret-xyz",
        SECRET));
    Answer retiring = deliver(ULTRAVOX.event("call.joined", second.callId(), Instant.now(),
        TestEnvironment.WEBHOOK_SECRET_OLD));

    assertThat(both.status()).isEqualTo(204);
    assertThat(retiring.status()).isEqualTo(204);
    assertThat(session(first).get("status")).isEqualTo("joined");
    assertThat(session(second).get("status")).isEqualTo("joined");
  }

  @Test
  void whenTheTranscriptCannotBeFetchedTheLineIsFreedAndTheEventComesBackLater() {
    Call call = startCall();
    ULTRAVOX.end(call.callId(), "hangup");
    ULTRAVOX.transcript(call.callId(), List.of(Map.of("role", "MESSAGE_ROLE_USER", "text", "Are you open?")));
    ULTRAVOX.failEverything(WireMock.aResponse().withStatus(503));

    Answer first = deliver(ULTRAVOX.event("call.ended", call.callId(), Instant.now(), SECRET));

    assertThat(first.status()).isEqualTo(503);
    assertThat(first.headers().get("Retry-After")).isEqualTo("60");
    assertThat(session(call).get("status")).isEqualTo("ended");
    assertThat(live.liveCount(tenant(call))).isZero();

    ULTRAVOX.heal();
    Answer again = deliver(ULTRAVOX.event("call.ended", call.callId(), Instant.now(), SECRET));
    assertThat(again.status()).isEqualTo(204);
    assertThat(session(call).get("transcript").toString()).contains("Are you open?");
  }

  @Test
  void anEventForACallThisPlatformDidNotStartIsRefused() {
    Call call = startCall();
    ULTRAVOX.call(call.callId()).putObject("metadata").put("businessId", UUID.randomUUID().toString())
        .put("sessionId", UUID.randomUUID().toString());

    Answer answer = deliver(ULTRAVOX.event("call.ended", call.callId(), Instant.now(), SECRET));

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.error()).contains("was not started by this platform");
  }

  @Test
  void anotherTenantsSessionCannotBeClosedThroughTheEventsMetadata() {
    Call victim = startCall();
    Call attacker = startCall();
    // Even a validly signed event naming the victim's session under the attacker's business changes nothing.
    ULTRAVOX.end(attacker.callId(), "hangup");
    ULTRAVOX.call(attacker.callId()).putObject("metadata")
        .put("businessId", attacker.tenant().businessId().toString())
        .put("sessionId", victim.sessionId().toString());

    assertThat(deliver(ULTRAVOX.event("call.ended", attacker.callId(), Instant.now(), SECRET)).status())
        .isEqualTo(204);

    assertThat(session(victim).get("status")).isEqualTo("created");
  }
}
