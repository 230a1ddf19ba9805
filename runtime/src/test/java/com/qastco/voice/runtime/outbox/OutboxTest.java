package com.qastco.voice.runtime.outbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.qastco.voice.integrations.fakes.FrappeFake;
import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestHttp;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.catalog.CatalogCsv;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.outbound.TestDns;
import com.qastco.voice.runtime.storage.Listing;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.tools.ToolCalls;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Orders, appointments and tickets reach ERPNext and the Business's webhook once, whatever fails on the way. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboxTest implements RuntimeTest {
  private static final FrappeFake ERPNEXT = TestEnvironment.ERPNEXT;
  private final WireMockServer receiver = new WireMockServer(options().dynamicPort());

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

  @io.micronaut.test.annotation.MockBean(org.apache.hc.client5.http.DnsResolver.class)
  org.apache.hc.client5.http.DnsResolver dns() {
    return new TestDns();
  }

  @Inject
  OutboxRepository outbox;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new java.util.HashMap<>(RuntimeTest.super.getProperties());
    properties.put("voice.outbox.first-retry", "10ms");
    properties.put("voice.outbox.max-retry", "20ms");
    properties.put("voice.outbox.max-attempts", "3");
    properties.put("voice.outbox.lease", "1s");
    // The receiver stands in for a Business's server on the internet: its address is let through on purpose.
    properties.put("voice.outbound.allowed-cidrs", "127.0.0.1/32");
    properties.put("voice.outbound.timeout", "3s");
    properties.put("voice.outbox.threads", "2"); // one of them for webhooks

    return properties;
  }

  OutboxTest() {
    receiver.start();
    receiver.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
  }

  @AfterEach
  void heal() {
    ERPNEXT.heal();
    ERPNEXT.answerAfter(Duration.ZERO);
    receiver.resetAll();
    receiver.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
  }

  @AfterAll
  void stop() {
    receiver.stop();
  }

  private ToolCalls restaurantWithWebhook() {
    Registered tenant = TestTenants.registerWithWebhook(directory, "mario-pizza.yaml",
        "http://127.0.0.1:" + receiver.port() + "/hooks/voice");
    ERPNEXT.register(tenant.businessId().toString(), "Mario " + tenant.name());
    return ToolCalls.start(http, tenant, csv, catalog, "mario-pizza.yaml");
  }

  private static Answer order(ToolCalls call, int quantity) {
    Answer placed = call.tool("place_order", Map.of("items", List.of(Map.of("name", "Margherita Pizza",
        "quantity", quantity)), "customerName", "Ann", "customerPhone", "+14155550199"),
        java.util.UUID.randomUUID().toString());
    assertThat(placed.status()).isEqualTo(200);
    return placed;
  }

  /** Rounds until nothing of this Business is pending any more (retries are due within milliseconds here). */
  private void drainAll(OutboxWorker w, ToolCalls call) {
    for (int i = 0; i < 200; i++) {
      w.drain();
      if (entries(call, "pending").isEmpty()) {
        return;
      }
      sleep(15);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** The webhook deliveries the receiver got for this Business (other tests' Businesses share the receiver). */
  private List<LoggedRequest> hooksOf(ToolCalls call) {
    return receiver.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(anyUrl())).stream()
        .filter(r -> r.getBodyAsString().contains(call.tenant().businessId().toString())).toList();
  }

  private List<OutboxRepository.Entry> entries(ToolCalls call, String status) {
    return outbox.list(call.tenant().businessId(), new Listing.Filter(status, null, null, 200, 0)).items();
  }

  @Test
  void anOrderReachesErpnextAndTheBusinessWebhookOnceSigned() throws Exception {
    ToolCalls call = restaurantWithWebhook();
    long waitingBefore = outbox.backlog().pending();
    Answer placed = order(call, 2);
    assertThat(entries(call, "pending")).extracting(OutboxRepository.Entry::destination)
        .containsExactlyInAnyOrder("erpnext", "webhook");
    assertThat(outbox.backlog().pending()).isEqualTo(waitingBefore + 2); // the depth metric's source

    drainAll(worker, call);

    assertThat(entries(call, "delivered")).hasSize(2);
    worker.drain(); // settles the Business: nothing left, so workers stop visiting it
    assertThat(outbox.dueBusinesses(10_000)).doesNotContain(call.tenant().businessId());
    assertThat(outbox.backlog().pending()).isLessThanOrEqualTo(waitingBefore);
    String orderId = entries(call, "delivered").get(0).subjectId().toString();
    var erpOrder = ERPNEXT.documents("Voice Restaurant Order").get(orderId);
    assertThat(erpOrder.path("company").asText()).isEqualTo("Mario " + call.tenant().name());
    assertThat(erpOrder.path("total").asText()).isEqualTo("37.98");
    assertThat(erpOrder.path("customer").path("phone").asText()).isEqualTo("+14155550199");
    List<LoggedRequest> hooks = hooksOf(call);
    assertThat(hooks).hasSize(1);
    LoggedRequest hook = hooks.get(0);
    String secret = directory.credentials(directory.byId(call.tenant().businessId()).orElseThrow()).orElseThrow()
        .webhookSecret();
    assertThat(hook.getHeader("webhook-signature")).isEqualTo(WebhookSignature.sign(secret,
        hook.getHeader("webhook-id"), Long.parseLong(hook.getHeader("webhook-timestamp")), hook.getBodyAsString()));
    var body = new ObjectMapper().readTree(hook.getBodyAsString());
    assertThat(body.path("type").asText()).isEqualTo("order.placed");
    assertThat(body.path("data").path("number").asLong()).isEqualTo(((Number) placed.get("orderNumber")).longValue());
    assertThat(hook.getBodyAsString()).doesNotContain(secret);
  }

  @Test
  void erpnextDownForAWhileThenUpGetsEveryOrderExactlyOnce() {
    ToolCalls call = restaurantWithWebhook();
    ERPNEXT.failEverything(aResponse().withStatus(503).withBody("<html>maintenance</html>"));
    IntStream.rangeClosed(1, 5).forEach(i -> order(call, i));

    // Two rounds while ERPNext is down (the test allows three attempts): nothing reaches it, nothing is lost, and
    // the later orders wait behind the first one, so ERPNext gets them in order.
    for (int round = 0; round < 2; round++) {
      worker.drain();
      sleep(25);
    }
    List<OutboxRepository.Entry> waiting = entries(call, "pending").stream()
        .filter(e -> e.destination().equals("erpnext")).sorted(java.util.Comparator.comparing(
            OutboxRepository.Entry::createdAt)).toList();
    assertThat(waiting).hasSize(5);
    assertThat(waiting.get(0).lastError()).contains("ERPNext answered 503");
    assertThat(waiting.subList(1, 5)).allSatisfy(e -> assertThat(e.attempts()).isZero());
    assertThat(entries(call, "delivered")).filteredOn(e -> e.destination().equals("webhook")).hasSize(5);

    ERPNEXT.heal();
    drainAll(worker, call);

    List<String> orderIds = entries(call, null).stream().filter(e -> e.destination().equals("erpnext"))
        .map(e -> e.subjectId().toString()).toList();
    assertThat(orderIds).hasSize(5);
    assertThat(ERPNEXT.documents("Voice Restaurant Order")).containsKeys(orderIds.toArray(String[]::new));
    assertThat(orderIds).allSatisfy(id -> assertThat(ERPNEXT.methodCalls())
        .containsEntry("voice_agent_saas.api.place_order " + id, 1));
  }

  @Test
  void aBacklogLongerThanABatchIsWorkedOffInOneRound() {
    ToolCalls call = restaurantWithWebhook();
    IntStream.rangeClosed(1, 12).forEach(i -> order(call, 1 + i % 3)); // 24 deliveries, batches of 20

    assertThat(worker.drain()).isGreaterThanOrEqualTo(24);

    assertThat(entries(call, "pending")).isEmpty();
    assertThat(entries(call, "delivered")).hasSize(24);
  }

  @Test
  void twoWorkersNeverDeliverTheSameEntryTwice() {
    ToolCalls call = restaurantWithWebhook();
    IntStream.rangeClosed(1, 30).forEach(i -> order(call, 1 + i % 3));
    ERPNEXT.answerAfter(Duration.ofMillis(30)); // deliveries overlap in time

    try (ApplicationContext second = ApplicationContext.builder().properties(toObjects(getProperties())).start()) {
      OutboxWorker other = second.getBean(OutboxWorker.class);
      CompletableFuture<Void> a = CompletableFuture.runAsync(() -> drainAll(worker, call));
      CompletableFuture<Void> b = CompletableFuture.runAsync(() -> drainAll(other, call));
      a.join();
      b.join();
    }

    Map<String, Integer> calls = ERPNEXT.methodCalls().entrySet().stream()
        .filter(e -> entries(call, null).stream().anyMatch(x -> e.getKey().endsWith(x.subjectId().toString())))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(calls).hasSize(30).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(1));
    assertThat(hooksOf(call)).hasSize(30);
  }

  @Test
  void aWorkerThatDiesWithClaimedEntriesLeavesThemToAnotherAfterItsLease() {
    ToolCalls call = restaurantWithWebhook();
    order(call, 1);
    // The first worker claims both deliveries, then its process is killed before it delivers anything.
    List<OutboxRepository.Entry> claimed = outbox.claim(call.tenant().businessId(), 10, Duration.ofSeconds(1));
    assertThat(claimed).hasSize(2);
    worker.drain();
    assertThat(entries(call, "delivered")).isEmpty(); // still leased to the dead worker

    sleep(1_100);
    drainAll(worker, call);

    assertThat(entries(call, "delivered")).hasSize(2);
    worker.drain(); // settles the Business: nothing left, so workers stop visiting it
    assertThat(outbox.dueBusinesses(10_000)).doesNotContain(call.tenant().businessId());
    assertThat(hooksOf(call)).hasSize(1);
  }

  @Test
  void aDeliveryThatKeepsFailingBecomesADeadLetterAndCanBeRedelivered() {
    ToolCalls call = restaurantWithWebhook();
    receiver.resetAll();
    receiver.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
    order(call, 1);

    drainAll(worker, call);

    List<OutboxRepository.Entry> dead = entries(call, "dead");
    assertThat(dead).singleElement().satisfies(e -> {
      assertThat(e.destination()).isEqualTo("webhook");
      assertThat(e.attempts()).isEqualTo(3);
      assertThat(e.lastError()).isEqualTo("The webhook answered 500");
    });
    Answer listed = TestHttp.send(http, HttpRequest.GET("/api/v1/outbox?status=dead")
        .header("Authorization", call.tenant().bearer()));
    assertThat(listed.status()).isEqualTo(200);
    assertThat((List<?>) listed.get("items")).hasSize(1);

    receiver.resetAll();
    receiver.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    Answer redelivered = TestHttp.send(http, HttpRequest.POST("/api/v1/outbox/" + dead.get(0).id() + "/redeliver",
        Map.of()).header("Authorization", call.tenant().bearer()));
    assertThat(redelivered.status()).isEqualTo(200);
    assertThat(redelivered.get("status")).isEqualTo("pending");
    drainAll(worker, call);

    assertThat(outbox.get(call.tenant().businessId(), dead.get(0).id()).orElseThrow().status())
        .isEqualTo("delivered");
    Answer again = TestHttp.send(http, HttpRequest.POST("/api/v1/outbox/" + dead.get(0).id() + "/redeliver",
        Map.of()).header("Authorization", call.tenant().bearer()));
    assertThat(again.status()).isEqualTo(200); // a delivered one may be sent again on purpose
  }

  @Test
  void aRefusalByErpnextIsADeadLetterAtOnce() {
    Registered tenant = TestTenants.registerWithWebhook(directory, "mario-pizza.yaml",
        "http://127.0.0.1:" + receiver.port() + "/hooks/voice");
    // No Business Registration in ERPNext: the app refuses with 417, which no retry will change.
    ToolCalls call = ToolCalls.start(http, tenant, csv, catalog, "mario-pizza.yaml");
    order(call, 1);

    drainAll(worker, call);

    assertThat(entries(call, "dead")).singleElement().satisfies(e -> {
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.lastError()).contains("417", "No Business Registration");
    });
  }

  @Test
  void aWebhookUrlPointingInsideThePlatformIsNeverCalledAndTheOwnerIsToldWhy() {
    // 127.0.0.2 reaches the same receiver (all of 127/8 is this machine) as an internal service would be reached.
    List<String> inside = List.of("http://127.0.0.2:" + receiver.port() + "/internal",
        "http://[::ffff:127.0.0.2]:" + receiver.port() + "/internal", "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:" + receiver.port() + "/internal", "http://0.0.0.0:" + receiver.port() + "/internal",
        // A public-looking name that resolves inside, and a cluster Service's name.
        "http://" + TestDns.REBINDING + ":" + receiver.port() + "/internal",
        "http://redis.voice.svc.cluster.local:" + receiver.port() + "/internal");
    for (String url : inside) {
      Registered tenant = TestTenants.registerWithWebhook(directory, "mario-pizza.yaml", url);
      ERPNEXT.register(tenant.businessId().toString(), "Mario " + tenant.name());
      ToolCalls call = ToolCalls.start(http, tenant, csv, catalog, "mario-pizza.yaml");
      order(call, 1);

      drainAll(worker, call);

      assertThat(entries(call, "dead")).as(url).singleElement().satisfies(e -> {
        assertThat(e.destination()).isEqualTo("webhook");
        assertThat(e.attempts()).isEqualTo(1); // refused for good: no retry will make it public
        assertThat(e.lastError()).isEqualTo("The webhook URL's host is not a public address; the platform calls"
            + " only hosts on the internet");
      });
    }
    assertThat(receiver.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/internal")))).isEmpty();
  }

  @Test
  void receiversThatNeverAnswerHoldBackNoOtherBusinesssDeliveries() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(silent.accept()); // connected, and never a byte back
          }
        } catch (java.io.IOException closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      List<ToolCalls> slow = new java.util.ArrayList<>();
      for (int i = 0; i < 2; i++) { // as many as the outbox has threads
        Registered tenant = TestTenants.registerWithWebhook(directory, "mario-pizza.yaml",
            "http://127.0.0.1:" + silent.getLocalPort() + "/hook");
        ERPNEXT.register(tenant.businessId().toString(), "Mario " + tenant.name());
        slow.add(ToolCalls.start(http, tenant, csv, catalog, "mario-pizza.yaml"));
        order(slow.get(i), 1);
      }
      Registered other = TestTenants.register(directory, "mario-pizza.yaml", false);
      ERPNEXT.register(other.businessId().toString(), "Mario " + other.name());
      ToolCalls quick = ToolCalls.start(http, other, csv, catalog, "mario-pizza.yaml");
      order(quick, 1); // due last of the three

      var round = java.util.concurrent.CompletableFuture.supplyAsync(worker::drain);

      org.awaitility.Awaitility.await().atMost(Duration.ofMillis(2500)) // less than a receiver's 3 s deadline
          .until(() -> entries(quick, "delivered").size() == 1);
      round.get(30, java.util.concurrent.TimeUnit.SECONDS);
      List<String> errors = slow.stream().flatMap(call -> entries(call, "pending").stream())
          .map(e -> String.valueOf(e.lastError())).toList();
      assertThat(errors).contains("The webhook did not answer within 3 s"); // cut off at its deadline
      for (java.net.Socket socket : held) {
        socket.close();
      }
      // The receivers gone, their retries fail at once and end as dead letters: nothing slow is left for the
      // other tests of this class.
      silent.close();
      slow.forEach(call -> drainAll(worker, call));
    }
  }

  @Test
  void anotherBusinessCannotSeeOrRedeliverTheseDeliveries() {
    ToolCalls call = restaurantWithWebhook();
    order(call, 1);
    Registered other = TestTenants.register(directory, "dr-smith.yaml", false);
    var id = entries(call, "pending").get(0).id();

    Answer list = TestHttp.send(http, HttpRequest.GET("/api/v1/outbox").header("Authorization", other.bearer()));
    assertThat(list.status()).as(list.error()).isEqualTo(200);
    Answer read = TestHttp.send(http, HttpRequest.GET("/api/v1/outbox/" + id)
        .header("Authorization", other.bearer()));
    Answer redeliver = TestHttp.send(http, HttpRequest.POST("/api/v1/outbox/" + id + "/redeliver", Map.of())
        .header("Authorization", other.bearer()));

    assertThat((List<?>) list.get("items")).isEmpty();
    assertThat(read.status()).isEqualTo(404);
    assertThat(redeliver.status()).isEqualTo(404);
  }

  private static Map<String, Object> toObjects(Map<String, String> properties) {
    return new java.util.HashMap<>(properties);
  }
}
