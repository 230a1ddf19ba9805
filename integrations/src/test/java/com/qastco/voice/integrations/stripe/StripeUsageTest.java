package com.qastco.voice.integrations.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.integrations.fakes.StripeFake;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Meter events, meter totals, invoices, Checkout and the portal against the Stripe fake. */
class StripeUsageTest {
  private final StripeFake fake = new StripeFake().withPrice("price_fee", 9_900)
      .withMeter("mtr_overage", "voice_overage_session").withMeteredPrice("price_over", "mtr_overage", 50);
  private final StripeBilling billing = new StripeBilling(fake.baseUrl(), StripeFake.API_KEY, Duration.ofSeconds(2));
  private final StripeUsage usage = new StripeUsage(fake.baseUrl(), StripeFake.API_KEY, Duration.ofSeconds(2));

  @AfterEach
  void stop() {
    fake.close();
  }

  private String customer(String business) {
    return billing.ensureCustomer(business, null, "Acme", "a@acme.example");
  }

  @Test
  void aMeterEventIsCountedOnceWhateverHappensToItsAnswer() {
    String customer = customer("b-1");
    Instant now = Instant.now();

    boolean first = usage.pushMeterEvent("voice_overage_session", "b-1:call-1", customer, 1, now);
    fake.failMeterEvents(1, 500, true); // counted, answer lost
    assertThatThrownBy(() -> usage.pushMeterEvent("voice_overage_session", "b-1:call-2", customer, 1, now))
        .isInstanceOfSatisfying(ExternalSystemException.class, e -> assertThat(e.retryable()).isTrue());
    boolean retried = usage.pushMeterEvent("voice_overage_session", "b-1:call-2", customer, 1, now);
    boolean repeated = usage.pushMeterEvent("voice_overage_session", "b-1:call-1", customer, 1, now);

    assertThat(first).isTrue();
    assertThat(repeated).isFalse();
    assertThat(fake.meterEvents()).hasSize(2);
    assertThat(usage.meterTotal("mtr_overage", customer, now.minusSeconds(60), now.plusSeconds(60))).isEqualTo(2);
    assertThat(retried).as("Stripe already had the event whose answer was lost").isFalse();
  }

  @Test
  void rateLimitsAreRetryableAndBadEventsAreNot() {
    String customer = customer("b-2");
    fake.failMeterEvents(1, 429, false);

    assertThatThrownBy(() -> usage.pushMeterEvent("voice_overage_session", "b-2:c", customer, 1, Instant.now()))
        .isInstanceOfSatisfying(ExternalSystemException.class, e -> {
          assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.RATE_LIMITED);
          assertThat(e.retryable()).isTrue();
        });
    assertThatThrownBy(() -> usage.pushMeterEvent("voice_overage_session", "b-2:old", customer, 1,
        Instant.now().minus(Duration.ofDays(40))))
        .isInstanceOfSatisfying(ExternalSystemException.class, e -> {
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).contains("35 calendar days");
        });
    assertThat(fake.meterEvents()).isEmpty();
  }

  @Test
  void aFinalizedInvoiceIsReadWithItsSubscriptionBusinessAndLines() {
    String customer = customer("b-3");
    var subscription = billing.ensureSubscription("b-3", customer, null, new StripeBilling.PlanPrices("starter",
        "price_fee", "price_over"), 0, false, "g1", Instant.now());
    usage.pushMeterEvent("voice_overage_session", "b-3:1", customer, 1, Instant.now());
    usage.pushMeterEvent("voice_overage_session", "b-3:2", customer, 1, Instant.now());

    var invoice = usage.invoice(fake.finalizeInvoice(subscription.subscriptionId())).orElseThrow();

    assertThat(invoice.businessId()).isEqualTo("b-3");
    assertThat(invoice.subscriptionId()).isEqualTo(subscription.subscriptionId());
    assertThat(invoice.total()).isEqualTo(9_900 + 2 * 50);
    assertThat(invoice.lines()).extracting(StripeUsage.Line::priceId, StripeUsage.Line::quantity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("price_fee", 1L),
            org.assertj.core.groups.Tuple.tuple("price_over", 2L));
    assertThat(usage.invoice("in_nothing")).isEmpty();
  }

  @Test
  void checkoutSavesACardThatTheSubscriptionThenUsesAndThePortalOpens() {
    String customer = customer("b-4");
    var subscription = billing.ensureSubscription("b-4", customer, null, new StripeBilling.PlanPrices("starter",
        "price_fee", null), 0, false, "g1", Instant.now());
    fake.setStatus(subscription.subscriptionId(), "paused");

    String url = usage.checkoutForPaymentDetails("b-4", customer, subscription.subscriptionId(), "USD",
        "https://mario.example/admin/billing?done", "https://mario.example/admin/billing");
    String sessionId = url.substring(url.lastIndexOf('/') + 1);
    String method = fake.completeCheckout(sessionId);
    var completed = usage.checkout(sessionId).orElseThrow();
    usage.useSavedPaymentMethod("b-4", customer, completed.subscriptionId(), completed.setupIntentId());

    assertThat(completed.businessId()).isEqualTo("b-4");
    assertThat(fake.subscriptions().get(subscription.subscriptionId()).path("default_payment_method").asText())
        .isEqualTo(method);
    assertThat(fake.subscriptions().get(subscription.subscriptionId()).path("status").asText()).isEqualTo("active");
    assertThat(usage.portal(customer, "https://mario.example/admin/billing")).startsWith("https://");
  }
}
