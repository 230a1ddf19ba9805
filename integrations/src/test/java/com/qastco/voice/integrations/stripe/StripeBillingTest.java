package com.qastco.voice.integrations.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.integrations.fakes.StripeFake;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StripeBillingTest {
  private static final StripeBilling.PlanPrices A = new StripeBilling.PlanPrices("starter", "price_a", null);
  private static final StripeBilling.PlanPrices B = new StripeBilling.PlanPrices("professional", "price_b", null);
  private final StripeFake fake = new StripeFake().withPrices("price_a", "price_b", "price_a_over", "price_b_over");
  private final StripeBilling stripe = new StripeBilling(fake.baseUrl(), StripeFake.API_KEY, Duration.ofSeconds(2));

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void aRetriedCreationReplaysInsteadOfCreatingASecondCustomerOrSubscription() {
    String first = stripe.ensureCustomer("b-1", null, "Acme", "a@acme.example");
    String again = stripe.ensureCustomer("b-1", null, "Acme", "a@acme.example");
    var sub = stripe.ensureSubscription("b-1", first, null, A, 14, false, "g1", Instant.now());
    var subAgain = stripe.ensureSubscription("b-1", first, null, A, 14, false, "g1", Instant.now());

    assertThat(again).isEqualTo(first);
    assertThat(subAgain.subscriptionId()).isEqualTo(sub.subscriptionId());
    assertThat(sub.status()).isEqualTo("trialing");
    assertThat(fake.creations()).isEqualTo(2);
  }

  @Test
  void aPriceChangeIsProratedAndPauseIsToggled() {
    String customer = stripe.ensureCustomer("b-2", null, "Acme", "a@acme.example");
    var sub = stripe.ensureSubscription("b-2", customer, null, A, 0, false, "g1", Instant.now());

    var changed = stripe.ensureSubscription("b-2", customer, sub.subscriptionId(), B, 0, true, "g2", Instant.now());
    var resumed = stripe.ensureSubscription("b-2", customer, sub.subscriptionId(), B, 0, false, "g3", Instant.now());

    assertThat(changed.priceId()).isEqualTo("price_b");
    assertThat(changed.paused()).isTrue();
    assertThat(resumed.paused()).isFalse();
    assertThat(fake.prorations()).containsExactly("create_prorations");
  }

  @Test
  void aPlanWithOverageHasAMeteredItemThatFollowsThePlanAndGoesWithUnlimitedOnes() {
    String customer = stripe.ensureCustomer("b-5", null, "Acme", "a@acme.example");
    Instant created = Instant.now();
    var starter = stripe.ensureSubscription("b-5", customer, null, new StripeBilling.PlanPrices("starter", "price_a",
        "price_a_over"), 0, false, "g1", created);
    Instant upgraded = created.plusSeconds(3600);
    var professional = stripe.ensureSubscription("b-5", customer, starter.subscriptionId(),
        new StripeBilling.PlanPrices("professional", "price_b", "price_b_over"), 0, false, "g2", upgraded);
    var unlimited = stripe.ensureSubscription("b-5", customer, starter.subscriptionId(),
        new StripeBilling.PlanPrices("enterprise", "price_a", null), 0, false, "g3", upgraded.plusSeconds(60));

    assertThat(starter.overagePriceId()).isEqualTo("price_a_over");
    assertThat(starter.plan()).isEqualTo("starter");
    assertThat(starter.periodEnd() - starter.periodStart()).isBetween(28 * 86_400L, 31 * 86_400L);
    assertThat(professional.priceId()).isEqualTo("price_b");
    assertThat(professional.overagePriceId()).isEqualTo("price_b_over");
    assertThat(professional.plan()).isEqualTo("professional");
    assertThat(professional.planSince()).isEqualTo(upgraded.getEpochSecond());
    assertThat(unlimited.overagePriceId()).isNull();
    assertThat(unlimited.plan()).isEqualTo("enterprise");
    assertThat(fake.subscriptions().get(starter.subscriptionId()).path("items").path("data")).hasSize(1);
  }

  @Test
  void anUnknownPriceIsRejectedWithStripesMessage() {
    String customer = stripe.ensureCustomer("b-3", null, "Acme", "a@acme.example");

    assertThatThrownBy(() -> stripe.ensureSubscription("b-3", customer, null, new StripeBilling.PlanPrices("starter", "price_zzz", null), 0, false, "g1",
        Instant.now()))
        .isInstanceOfSatisfying(ExternalSystemException.class, e -> {
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).contains("No such price: 'price_zzz'");
        });
  }

  @Test
  void outagesAreRetryable() {
    fake.failEverything(StripeFake.error(503, "api_error", null, "Try again"));

    assertThatThrownBy(() -> stripe.ensureCustomer("b-4", null, "Acme", "a@acme.example"))
        .isInstanceOfSatisfying(ExternalSystemException.class, e -> assertThat(e.retryable()).isTrue());
  }
}
