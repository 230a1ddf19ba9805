package com.qastco.voice.runtime.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.integrations.fakes.StripeFake;
import com.qastco.voice.integrations.fakes.UltravoxFake;
import com.qastco.voice.integrations.stripe.StripeBilling;
import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestHttp;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.stripe.net.Webhook;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Billing as it runs: a Stripe fake with the plans' prices (the same amounts as the runtime's configuration) and the
 * overage meter; Businesses subscribed the way the operator subscribes them; sessions started through the API and
 * closed by Ultravox's signed events; Stripe's webhooks signed the way Stripe signs them.
 */
final class BillingFixture {
  static final String SECRET = "whsec_billing0123456789abcdef";
  static final String METER = "mtr_overage";
  static final StripeFake STRIPE = new StripeFake()
      .withPrice("price_starter", 9_900).withPrice("price_pro", 29_900).withPrice("price_enterprise", 89_900)
      .withMeter(METER, "voice_overage_session")
      .withMeteredPrice("price_starter_over", METER, 99).withMeteredPrice("price_pro_over", METER, 69);
  static final Map<String, StripeBilling.PlanPrices> PRICES = Map.of(
      "starter", new StripeBilling.PlanPrices("starter", "price_starter", "price_starter_over"),
      "professional", new StripeBilling.PlanPrices("professional", "price_pro", "price_pro_over"),
      "enterprise", new StripeBilling.PlanPrices("enterprise", "price_enterprise", null));
  private static final UltravoxFake ULTRAVOX = TestEnvironment.ULTRAVOX;

  private final HttpClient http;
  private final TenantDirectory directory;
  final StripeBilling operator = new StripeBilling(STRIPE.baseUrl(), StripeFake.API_KEY, Duration.ofSeconds(5));

  BillingFixture(HttpClient http, TenantDirectory directory) {
    this.http = http;
    this.directory = directory;
  }

  static Map<String, String> properties(Map<String, String> base) {
    Map<String, String> properties = new HashMap<>(base);
    properties.put("voice.stripe.api-base", STRIPE.baseUrl());
    properties.put("voice.stripe.api-key", StripeFake.API_KEY);
    properties.put("voice.stripe.webhook-secrets", SECRET);
    properties.put("voice.stripe.overage-meter", METER);
    properties.put("voice.outbox.first-retry", "200ms");
    properties.put("voice.outbox.max-retry", "400ms");
    return properties;
  }

  record Billed(Registered tenant, String customerId, String subscriptionId) {}

  /** A Business on {@code plan} with its Stripe customer and subscription, and the webhook that says so. */
  Billed subscribe(String example, String plan, int trialDays) {
    Registered tenant = TestTenants.register(directory, example, false);
    String id = tenant.businessId().toString();
    String customer = operator.ensureCustomer(id, null, tenant.name(), "owner@example.org");
    var subscription = operator.ensureSubscription(id, customer, null, PRICES.get(plan), trialDays, false, "g1",
        Instant.now());
    TestTenants.giveStripe(directory, tenant, customer, subscription.subscriptionId());
    stripeEvent("customer.subscription.created", subscription.subscriptionId());
    return new Billed(tenant, customer, subscription.subscriptionId());
  }

  /** The operator moves the subscription to another plan now (prorated), and Stripe says so. */
  void changePlan(Billed billed, String plan) {
    operator.ensureSubscription(billed.tenant().businessId().toString(), billed.customerId(),
        billed.subscriptionId(), PRICES.get(plan), 0, false, "g-" + plan, Instant.now());
    stripeEvent("customer.subscription.updated", billed.subscriptionId());
  }

  Answer stripeEvent(String type, String objectId) {
    String payload = "{\"id\":\"evt_" + UUID.randomUUID().toString().replace("-", "") + "\",\"object\":\"event\","
        + "\"type\":\"" + type + "\",\"data\":{\"object\":{\"id\":\"" + objectId + "\"}}}";
    long now = Instant.now().getEpochSecond();
    String header;
    try {
      header = "t=" + now + ",v1=" + Webhook.Util.computeHmacSha256(SECRET, now + "." + payload);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    Answer answer = TestHttp.send(http, HttpRequest.POST("/api/v1/webhooks/stripe", payload)
        .contentType(MediaType.APPLICATION_JSON).header("Stripe-Signature", header));
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    return answer;
  }

  Answer start(Registered tenant) {
    return TestHttp.send(http, HttpRequest.POST("/api/v1/sessions", Map.of("channel", "web"))
        .header("Host", tenant.host()).header("Authorization", tenant.bearer()));
  }

  /** A whole call: started, joined, ended, and Ultravox's call.ended delivered. Returns the start's answer. */
  Answer call(Registered tenant) {
    Answer started = start(tenant);
    if (started.status() == 201) {
      String callId = started.get("callId").toString();
      ULTRAVOX.join(callId);
      ULTRAVOX.end(callId, "hangup");
      UltravoxFake.Delivery ended = ULTRAVOX.event("call.ended", callId, Instant.now(), TestEnvironment.WEBHOOK_SECRET);
      Answer delivered = TestHttp.send(http, HttpRequest.POST("/api/v1/webhooks/ultravox", ended.body())
          .contentType(MediaType.APPLICATION_JSON_TYPE)
          .header("X-Ultravox-Webhook-Timestamp", ended.timestamp())
          .header("X-Ultravox-Webhook-Signature", ended.signature()));
      assertThat(delivered.status()).as(delivered.toString()).isBetween(200, 299);
    }
    return started;
  }

  Answer get(Registered tenant, String path) {
    return TestHttp.send(http, HttpRequest.GET(path).header("Host", tenant.host())
        .header("Authorization", tenant.bearer()));
  }
}
