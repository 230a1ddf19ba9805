package com.qastco.voice.runtime.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.integrations.fakes.StripeFake;
import com.qastco.voice.integrations.stripe.StripeBilling;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestHttp;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.stripe.net.Webhook;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Stripe's webhooks against the Stripe fake: signatures as Stripe signs them, the subscription read again from
 * Stripe, each event once, and what the billing state does to new sessions.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StripeWebhookTest implements RuntimeTest {
  private static final StripeFake STRIPE = new StripeFake().withPrices("price_starter", "price_pro");
  private static final String SECRET = "whsec_current0123456789abcdef";
  private static final String RETIRING = "whsec_retiring0123456789abcdef";

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  BillingStates states;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new java.util.HashMap<>(RuntimeTest.super.getProperties());
    properties.put("voice.stripe.api-base", STRIPE.baseUrl());
    properties.put("voice.stripe.api-key", StripeFake.API_KEY);
    properties.put("voice.stripe.webhook-secrets", RETIRING + "," + SECRET);
    properties.put("voice.stripe.past-due-grace", "2s");
    properties.putAll(com.qastco.voice.runtime.TestMail.inbox().properties()); // owner notices are queued
    return properties;
  }

  @AfterAll
  void stop() {
    STRIPE.close();
  }

  /** A Business with its Stripe subscription, made as the operator makes it. */
  private String subscribe(Registered tenant) {
    StripeBilling stripe = new StripeBilling(STRIPE.baseUrl(), StripeFake.API_KEY, Duration.ofSeconds(2));
    String id = tenant.businessId().toString();
    String customer = stripe.ensureCustomer(id, null, tenant.name(), "owner@example.org");
    return stripe.ensureSubscription(id, customer, null, new StripeBilling.PlanPrices("professional", "price_pro",
        null), 14, false, "1", Instant.now()).subscriptionId();
  }

  private static String event(String id, String type, String object) {
    return "{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"" + type + "\",\"created\":"
        + Instant.now().getEpochSecond() + ",\"data\":{\"object\":" + object + "}}";
  }

  private Answer send(String payload, String secret, long timestamp) {
    String header;
    try {
      header = "t=" + timestamp + ",v1=" + Webhook.Util.computeHmacSha256(secret, timestamp + "." + payload);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return TestHttp.send(http, HttpRequest.POST("/api/v1/webhooks/stripe", payload)
        .contentType(MediaType.APPLICATION_JSON).header("Stripe-Signature", header));
  }

  private Answer send(String payload) {
    return send(payload, SECRET, Instant.now().getEpochSecond());
  }

  private Answer startSession(Registered tenant) {
    return TestHttp.send(http, HttpRequest.POST("/api/v1/sessions", Map.of()).header("Host", tenant.host())
        .header("Authorization", tenant.bearer()));
  }

  private static String evt() {
    return "evt_" + UUID.randomUUID().toString().replace("-", "");
  }

  @Test
  void anEventRecordsWhatStripeHoldsNowOnceEvenWhenItsPayloadIsStale() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    String subscription = subscribe(mario);
    STRIPE.setStatus(subscription, "active");
    String payload = event(evt(), "customer.subscription.updated",
        "{\"id\":\"" + subscription + "\",\"object\":\"subscription\",\"status\":\"trialing\"}");

    Answer first = send(payload);
    Answer again = send(payload);

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body()).containsEntry("handled", true);
    assertThat(again.body()).containsEntry("handled", false).containsEntry("duplicate", true);
    assertThat(states.of(mario.businessId()).orElseThrow().status()).isEqualTo("active");
  }

  @Test
  void badStaleAndMissingSignaturesAreRefusedAndARetiringSecretStillWorks() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    String subscription = subscribe(mario);
    String payload = event(evt(), "customer.subscription.created", "{\"id\":\"" + subscription + "\"}");
    long now = Instant.now().getEpochSecond();

    List<Answer> refused = List.of(send(payload, "whsec_someone_else", now), send(payload, SECRET, now - 400),
        TestHttp.send(http, HttpRequest.POST("/api/v1/webhooks/stripe", payload)
            .contentType(MediaType.APPLICATION_JSON)));

    assertThat(states.of(mario.businessId())).isEmpty();
    assertThat(refused).allSatisfy(a -> {
      assertThat(a.status()).isEqualTo(400);
      assertThat(a.error()).contains("Stripe-Signature");
    });
    assertThat(send(payload, RETIRING, now).status()).isEqualTo(200);
    assertThat(states.of(mario.businessId())).isPresent();
  }

  @jakarta.inject.Inject
  com.qastco.voice.runtime.storage.TenantDatabase database;

  @Test
  void theOwnerIsToldOnceOfAFailedPaymentAndOfATrialAboutToEndAndTheBusinesssWebhookIsNot() {
    Registered mario = TestTenants.registerWithWebhook(directory, "mario-pizza.yaml", "https://hooks.mario.example/v");
    String subscription = subscribe(mario);
    STRIPE.setStatus(subscription, "past_due");
    String invoice = STRIPE.finalizeInvoice(subscription);
    String trialWillEnd = event(evt(), "customer.subscription.trial_will_end",
        "{\"id\":\"" + subscription + "\",\"object\":\"subscription\"}");

    // Stripe retries a failed charge: each retry is a new event about the same invoice.
    send(event(evt(), "invoice.payment_failed", "{\"id\":\"" + invoice + "\"}"));
    send(event(evt(), "invoice.payment_failed", "{\"id\":\"" + invoice + "\"}"));
    send(trialWillEnd);
    send(trialWillEnd);

    List<String> queued = database.inTenant(mario.businessId(), c -> {
      List<String> rows = new java.util.ArrayList<>();
      try (var r = c.createStatement().executeQuery("SELECT event || ' to ' || destination || ' '"
          + " || coalesce(recipient, '-') || ' ' || payload::text FROM outbox WHERE event LIKE 'owner.%'"
          + " ORDER BY created_at")) {
        while (r.next()) {
          rows.add(r.getString(1));
        }
      }
      return rows;
    });
    assertThat(queued).hasSize(3).allMatch(row -> row.contains(" to mail orders@mariospizza.example "));
    assertThat(queued.get(0)).startsWith("owner.welcome");
    assertThat(queued.get(1)).startsWith("owner.payment_failed").contains("\"amount\": \"USD ");
    assertThat(queued.get(2)).startsWith("owner.trial_ending").contains("\"trialEnds\"");
  }

  @Test
  void pastDueBeyondTheGracePeriodRefusesNewSessionsUntilPaid() throws InterruptedException {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    String subscription = subscribe(mario);
    STRIPE.setStatus(subscription, "past_due");
    String invoice = STRIPE.finalizeInvoice(subscription);

    send(event(evt(), "invoice.payment_failed", "{\"id\":\"" + invoice + "\"}"));
    Answer withinGrace = startSession(mario);
    Thread.sleep(2_200);
    send(event(evt(), "invoice.payment_failed", "{\"id\":\"" + invoice + "\"}"));
    Answer pastGrace = startSession(mario);
    STRIPE.setStatus(subscription, "active");
    STRIPE.payInvoice(invoice);
    send(event(evt(), "invoice.paid", "{\"id\":\"" + invoice + "\"}"));
    Answer paid = startSession(mario);

    assertThat(withinGrace.status()).isEqualTo(201);
    assertThat(pastGrace.status()).isEqualTo(402);
    assertThat(pastGrace.error()).contains("payment_past_due", "unpaid invoice");
    assertThat(paid.status()).isEqualTo(201);
  }

  @Test
  void aCanceledSubscriptionTakesNoNewSessionsAndTouchesNoOtherBusiness() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    Registered clinic = TestTenants.register(directory, "dr-smith.yaml", false);
    String subscription = subscribe(mario);
    STRIPE.setStatus(subscription, "canceled");

    send(event(evt(), "customer.subscription.deleted", "{\"id\":\"" + subscription + "\"}"));

    Answer refused = startSession(mario);
    assertThat(refused.status()).isEqualTo(402);
    assertThat(refused.error()).contains("subscription_canceled", "no data was deleted");
    assertThat(states.of(clinic.businessId())).isEmpty();
    assertThat(startSession(clinic).status()).isEqualTo(201);
  }

  @Test
  void eventsAboutNothingThisPlatformServesAreAcknowledgedAndIgnored() {
    Answer unknownSubscription = send(event(evt(), "customer.subscription.updated", "{\"id\":\"sub_nobody\"}"));
    Answer otherType = send(event(evt(), "charge.succeeded", "{\"id\":\"ch_1\"}"));

    assertThat(unknownSubscription.status()).isEqualTo(200);
    assertThat(unknownSubscription.body()).containsEntry("handled", false);
    assertThat(otherType.status()).isEqualTo(200);
    assertThat(otherType.body()).containsEntry("handled", false);
  }
}
