package com.qastco.voice.runtime.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestHttp;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.outbox.Deliveries;
import com.qastco.voice.runtime.outbox.OutboxRepository;
import com.qastco.voice.runtime.outbox.OutboxWorker;
import com.qastco.voice.runtime.storage.Listing;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Overage metered to Stripe, reconciled, invoiced to ERPNext, and the statement a Business sees, against the
 * Stripe fake. Plans include 2 (starter) and 3 (professional) sessions here, to reach overage in a few calls.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillingMeterTest implements RuntimeTest {
  private static final com.qastco.voice.integrations.fakes.StripeFake STRIPE = BillingFixture.STRIPE;

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  OutboxWorker worker;

  @Inject
  OutboxRepository outbox;

  @Inject
  Deliveries deliveries;

  @Inject
  Reconciliation reconciliation;

  @Inject
  MeterRegistry meters;

  private BillingFixture fixture;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = BillingFixture.properties(RuntimeTest.super.getProperties());
    properties.put("voice.plans.starter.included-sessions", "2");
    properties.put("voice.plans.professional.included-sessions", "3");
    properties.put("voice.plans.starter.concurrent-calls", "20");
    return properties;
  }

  private BillingFixture billing() {
    if (fixture == null) {
      fixture = new BillingFixture(http, directory);
    }
    return fixture;
  }

  private void calls(BillingFixture.Billed billed, int count) {
    for (int i = 0; i < count; i++) {
      assertThat(billing().call(billed.tenant()).status()).isEqualTo(201);
    }
  }

  private List<OutboxRepository.Entry> stripeDeliveries(BillingFixture.Billed billed) {
    return outbox.list(billed.tenant().businessId(), new Listing.Filter(null, null, null, 200, 0)).items().stream()
        .filter(e -> e.destination().equals("stripe")).toList();
  }

  private void drainUntilSettled(BillingFixture.Billed billed) {
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
      worker.drain();
      return stripeDeliveries(billed).stream().allMatch(e -> e.status().equals("delivered"));
    });
  }

  @Test
  void overageIsMeteredOnceInOrderThrough429s5xxLostAnswersAndACrash() throws Exception {
    BillingFixture.Billed billed = billing().subscribe("mario-pizza.yaml", "starter", 0);
    TestEnvironment.ULTRAVOX.reset();
    calls(billed, 2); // included: nothing to meter
    assertThat(stripeDeliveries(billed)).isEmpty();
    calls(billed, 6);
    assertThat(stripeDeliveries(billed)).hasSize(6);

    STRIPE.failMeterEvents(1, 429, false);
    worker.drain(); // the first is refused; the five behind it wait, in order
    assertThat(STRIPE.meterTotal(BillingFixture.METER, billed.customerId())).isZero();
    STRIPE.failMeterEvents(1, 500, true); // Stripe counts it, the answer is lost
    Thread.sleep(450);
    worker.drain();
    STRIPE.failMeterEvents(2, 503, false);
    drainUntilSettled(billed);
    // A worker crashes after Stripe took an event and before it marked it delivered: the lease runs out.
    calls(billed, 1);
    OutboxRepository.Entry claimed = outbox.claim(billed.tenant().businessId(), 10, Duration.ofMillis(300)).get(0);
    deliveries.deliver(directory.byId(billed.tenant().businessId()).orElseThrow(), claimed);
    Thread.sleep(400);
    drainUntilSettled(billed);

    List<ObjectNode> events = STRIPE.meterEvents().stream()
        .filter(e -> e.path("customer").asText().equals(billed.customerId())).toList();
    assertThat(events).hasSize(7);
    assertThat(events).extracting(e -> e.path("identifier").asText()).doesNotHaveDuplicates()
        .allSatisfy(id -> assertThat(id).startsWith(billed.tenant().businessId() + ":"));
    assertThat(events).extracting(e -> e.path("timestamp").asLong()).isSorted();
    Reconciliation.Result result = reconciliation.run(directory.byId(billed.tenant().businessId()).orElseThrow());
    assertThat(result.ledger()).isEqualTo(7);
    assertThat(result.stripe()).isEqualTo(7);
    assertThat(result.difference()).isZero();
  }

  @Test
  void reconciliationFindsWhatStripeCountedThatTheLedgerDidNotAndWhatIsStillOnItsWay() {
    BillingFixture.Billed billed = billing().subscribe("mario-pizza.yaml", "starter", 0);
    calls(billed, 3);
    var tenant = directory.byId(billed.tenant().businessId()).orElseThrow();
    Reconciliation.Result inFlight = reconciliation.run(tenant);
    drainUntilSettled(billed);
    STRIPE.injectMeterEvent("voice_overage_session", billed.customerId(), 1);

    List<Reconciliation.Result> differing = reconciliation.runAll();
    Answer reported = billing().get(billed.tenant(), "/api/v1/billing/reconciliation");

    assertThat(inFlight.inFlight()).isEqualTo(1);
    assertThat(inFlight.difference()).isZero();
    assertThat(differing).extracting(Reconciliation.Result::difference).contains(-1L);
    assertThat(reported.status()).isEqualTo(200);
    assertThat(reported.body().get("items").toString()).contains("ledger=1", "inFlight=0", "stripe=2",
        "difference=-1");
    assertThat(meters.find("voice.billing.reconciliation.businesses.differing").gauge().value())
        .isGreaterThanOrEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({"starter, 4, 99.00, 2, 1.98", "professional, 5, 299.00, 2, 1.38", "enterprise, 5, 899.00, 0, 0.00"})
  void theStatementIsWhatStripeInvoicesForEachPlan(String plan, int sessions, String fee, int overageSessions,
                                                   String overage) {
    BillingFixture.Billed billed = billing().subscribe("mario-pizza.yaml", plan, 0);
    calls(billed, sessions);
    drainUntilSettled(billed);

    Answer statement = billing().get(billed.tenant(), "/api/v1/billing");
    ObjectNode invoice = STRIPE.invoice(STRIPE.finalizeInvoice(billed.subscriptionId()));

    assertThat(statement.body()).containsEntry("plan", plan).containsEntry("usedSessions", sessions)
        .containsEntry("overageSessions", overageSessions);
    assertThat(new BigDecimal(statement.get("planFee").toString())).isEqualByComparingTo(fee);
    assertThat(new BigDecimal(statement.get("overage").toString())).isEqualByComparingTo(overage);
    assertThat(new BigDecimal(statement.get("amountSoFar").toString()))
        .isEqualByComparingTo(BigDecimal.valueOf(invoice.path("total").asLong(), 2));
  }

  @Test
  void aMidPeriodUpgradeIsProratedLikeStripeAndLaterSessionsUseTheNewAllowance() throws Exception {
    STRIPE.useClock(Clock.offset(Clock.systemUTC(), Duration.ofDays(-10)));
    BillingFixture.Billed billed;
    try {
      billed = billing().subscribe("mario-pizza.yaml", "starter", 0); // no hard limit
    } finally {
      STRIPE.useClock(Clock.systemUTC());
    }
    TestEnvironment.ULTRAVOX.reset();
    calls(billed, 4); // 2 overage at the starter price
    drainUntilSettled(billed);
    Thread.sleep(1_100); // the upgrade's second is after every starter session's
    billing().changePlan(billed, "professional");
    calls(billed, 2); // positions 5 and 6: past professional's 3 included

    drainUntilSettled(billed);
    Answer statement = billing().get(billed.tenant(), "/api/v1/billing");
    ObjectNode invoice = STRIPE.invoice(STRIPE.finalizeInvoice(billed.subscriptionId()));

    assertThat(statement.body()).containsEntry("plan", "professional").containsEntry("overageSessions", 4);
    BigDecimal prorations = new BigDecimal(statement.get("prorations").toString());
    assertThat(prorations).isBetween(new BigDecimal("130.00"), new BigDecimal("140.00")); // ~2/3 of $200
    assertThat(new BigDecimal(statement.get("overage").toString())).isEqualByComparingTo("3.36"); // 2×.99+2×.69
    assertThat(new BigDecimal(statement.get("amountSoFar").toString()))
        .isEqualByComparingTo(BigDecimal.valueOf(invoice.path("total").asLong(), 2));
  }

  @Test
  void aFinalizedInvoiceBecomesOneSalesInvoiceInTheBusinessesErpnextCompany() {
    BillingFixture.Billed billed = billing().subscribe("mario-pizza.yaml", "starter", 0);
    TestEnvironment.ERPNEXT.register(billed.tenant().businessId().toString(), "Mario Pizza " + billed.tenant().name());
    calls(billed, 3);
    drainUntilSettled(billed);
    String invoiceId = STRIPE.finalizeInvoice(billed.subscriptionId());

    billing().stripeEvent("invoice.finalized", invoiceId);
    billing().stripeEvent("invoice.finalized", invoiceId); // a second event about it (another id): no second one
    STRIPE.payInvoice(invoiceId);
    billing().stripeEvent("invoice.paid", invoiceId);
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      worker.drain();
      return outbox.list(billed.tenant().businessId(), new Listing.Filter(null, null, null, 200, 0)).items()
          .stream().filter(e -> e.destination().equals("erpnext")).allMatch(e -> e.status().equals("delivered"));
    });

    List<ObjectNode> salesInvoices = TestEnvironment.ERPNEXT.documents("Sales Invoice").values().stream()
        .filter(d -> d.path("company").asText().equals("Mario Pizza " + billed.tenant().name())).toList();
    assertThat(salesInvoices).hasSize(1);
    assertThat(salesInvoices.get(0).path("stripeInvoice").asText()).isEqualTo(invoiceId);
    assertThat(salesInvoices.get(0).path("planFee").asText()).isEqualTo("99.00");
    assertThat(salesInvoices.get(0).path("overage").path("sessions").asInt()).isEqualTo(1);
    assertThat(salesInvoices.get(0).path("total").asText()).isEqualTo("99.99");
    Answer statement = billing().get(billed.tenant(), "/api/v1/billing");
    assertThat(statement.body().get("invoices").toString()).contains(invoiceId, "status=paid", "total=99.99");
  }

  @Test
  void paymentDetailsGoThroughCheckoutAndATrialThatEndedResumesAndTheOwnerIsToldOfAFailedPayment() {
    BillingFixture.Billed billed = billing().subscribe("mario-pizza.yaml", "starter", 14);
    STRIPE.setStatus(billed.subscriptionId(), "paused"); // the trial ended without a card
    billing().stripeEvent("customer.subscription.paused", billed.subscriptionId());
    Answer refused = billing().start(billed.tenant());

    Answer checkout = TestHttp.send(http, HttpRequest.POST("/api/v1/billing/checkout", Map.of())
        .header("Authorization", billed.tenant().bearer()));
    String sessionId = checkout.get("url").toString().substring(checkout.get("url").toString().lastIndexOf('/') + 1);
    String card = STRIPE.completeCheckout(sessionId);
    billing().stripeEvent("checkout.session.completed", sessionId);
    Answer portal = TestHttp.send(http, HttpRequest.POST("/api/v1/billing/portal", Map.of())
        .header("Authorization", billed.tenant().bearer()));

    assertThat(refused.error()).contains("402 trial_ended");
    assertThat(STRIPE.subscriptions().get(billed.subscriptionId()).path("default_payment_method").asText())
        .isEqualTo(card);
    assertThat(billing().get(billed.tenant(), "/api/v1/billing").get("status")).isEqualTo("active");
    assertThat(billing().start(billed.tenant()).status()).isEqualTo(201);
    assertThat(portal.get("url").toString()).startsWith("https://billing.stripe.test/");

    String invoice = STRIPE.finalizeInvoice(billed.subscriptionId());
    billing().stripeEvent("invoice.payment_failed", invoice);
    assertThat(billing().get(billed.tenant(), "/api/v1/billing").get("paymentProblem").toString())
        .contains("A payment failed");
  }

  @Test
  void aPlanChangePatchesTheSpecUnlessTheBusinessLivesInGit() {
    BillingFixture.Billed billed = billing().subscribe("mario-pizza.yaml", "starter", 0);
    var businesses = TestEnvironment.CLUSTER.client().resources(com.qastco.voice.api.v1alpha1.Business.class);
    businesses.withName(billed.tenant().name()).edit(b -> { // as the portal creates it: edited from the dashboard
      b.getMetadata().setAnnotations(new java.util.HashMap<>(Map.of(
          com.qastco.voice.api.v1alpha1.Business.MANAGED_BY_ANNOTATION, "portal")));
      return b;
    });

    Answer changed = TestHttp.send(http, HttpRequest.PUT("/api/v1/billing/plan", Map.of("plan", "professional"))
        .header("Authorization", billed.tenant().bearer()));
    Answer unknown = TestHttp.send(http, HttpRequest.PUT("/api/v1/billing/plan", Map.of("plan", "platinum"))
        .header("Authorization", billed.tenant().bearer()));
    businesses.withName(billed.tenant().name()).edit(b -> {
      b.getMetadata().getAnnotations().put(com.qastco.voice.api.v1alpha1.Business.MANAGED_BY_ANNOTATION, "gitops");
      return b;
    });
    Answer fromGit = TestHttp.send(http, HttpRequest.PUT("/api/v1/billing/plan", Map.of("plan", "enterprise"))
        .header("Authorization", billed.tenant().bearer()));

    assertThat(changed.status()).isEqualTo(202);
    assertThat(unknown.error()).contains("400", "plan must be one of starter, professional, enterprise");
    assertThat(fromGit.error()).contains("409", "managed in Git");
    assertThat(businesses.withName(billed.tenant().name()).get().getSpec().plan())
        .isEqualTo(com.qastco.voice.api.v1alpha1.Plan.PROFESSIONAL);
  }

  @Test
  void oneBusinessesKeySeesOnlyItsOwnBilling() {
    BillingFixture.Billed mario = billing().subscribe("mario-pizza.yaml", "starter", 0);
    BillingFixture.Billed clinic = billing().subscribe("dr-smith.yaml", "starter", 0);
    calls(mario, 3);

    Answer clinics = TestHttp.send(http, HttpRequest.GET("/api/v1/billing").header("Host", mario.tenant().host())
        .header("Authorization", clinic.tenant().bearer()));
    Answer none = TestHttp.send(http, HttpRequest.GET("/api/v1/billing"));

    assertThat(clinics.body()).containsEntry("usedSessions", 0);
    assertThat(none.status()).isEqualTo(401);
    assertThat(billing().get(mario.tenant(), "/api/v1/billing").body()).containsEntry("usedSessions", 3);
  }
}
