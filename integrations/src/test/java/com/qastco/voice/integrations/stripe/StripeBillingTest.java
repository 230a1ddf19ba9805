package com.qastco.voice.integrations.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.integrations.fakes.StripeFake;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StripeBillingTest {
  private final StripeFake fake = new StripeFake().withPrices("price_a", "price_b");
  private final StripeBilling stripe = new StripeBilling(fake.baseUrl(), StripeFake.API_KEY, Duration.ofSeconds(2));

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void aRetriedCreationReplaysInsteadOfCreatingASecondCustomerOrSubscription() {
    String first = stripe.ensureCustomer("b-1", null, "Acme", "a@acme.example");
    String again = stripe.ensureCustomer("b-1", null, "Acme", "a@acme.example");
    var sub = stripe.ensureSubscription("b-1", first, null, "price_a", 14, false, "g1");
    var subAgain = stripe.ensureSubscription("b-1", first, null, "price_a", 14, false, "g1");

    assertThat(again).isEqualTo(first);
    assertThat(subAgain.subscriptionId()).isEqualTo(sub.subscriptionId());
    assertThat(sub.status()).isEqualTo("trialing");
    assertThat(fake.creations()).isEqualTo(2);
  }

  @Test
  void aPriceChangeIsProratedAndPauseIsToggled() {
    String customer = stripe.ensureCustomer("b-2", null, "Acme", "a@acme.example");
    var sub = stripe.ensureSubscription("b-2", customer, null, "price_a", 0, false, "g1");

    var changed = stripe.ensureSubscription("b-2", customer, sub.subscriptionId(), "price_b", 0, true, "g2");
    var resumed = stripe.ensureSubscription("b-2", customer, sub.subscriptionId(), "price_b", 0, false, "g3");

    assertThat(changed.priceId()).isEqualTo("price_b");
    assertThat(changed.paused()).isTrue();
    assertThat(resumed.paused()).isFalse();
    assertThat(fake.prorations()).containsExactly("create_prorations");
  }

  @Test
  void anUnknownPriceIsRejectedWithStripesMessage() {
    String customer = stripe.ensureCustomer("b-3", null, "Acme", "a@acme.example");

    assertThatThrownBy(() -> stripe.ensureSubscription("b-3", customer, null, "price_zzz", 0, false, "g1"))
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
