package com.qastco.voice.operator.external;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.api.v1alpha1.IntegrationsStatus;
import com.qastco.voice.api.v1alpha1.IntegrationsStatus.StripeStatus;
import com.qastco.voice.integrations.stripe.StripeBilling;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The Business's Stripe customer and its subscription to the plan's prices (from the platform Secret: the monthly
 * fee {@code stripe-price-<plan>} and, for plans with included sessions, the metered overage price
 * {@code stripe-overage-price-<plan>}, whose meter counts the overage sessions the runtime pushes). A plan change
 * swaps the prices with proration from the moment it is made (kept in the subscription's metadata, so the
 * runtime splits the period's fee at the same instant as Stripe), suspension pauses collection,
 * deletion cancels the subscription (and, with deletion policy Delete, deletes the customer).
 */
public final class StripePart implements ExternalPart<StripePart.Desired, StripeStatus> {
  static final String URL = "stripe-url";
  static final String KEY = "stripe-api-key";
  static final String PRICE = "stripe-price-";
  static final String OVERAGE_PRICE = "stripe-overage-price-";
  static final String TIMEOUT = "stripe-timeout";
  private final PlatformSecret platform;
  private final Clock clock;

  public StripePart(PlatformSecret platform, Clock clock) {
    this.platform = platform;
    this.clock = clock;
  }

  public record Desired(String businessId, String name, String email, StripeBilling.PlanPrices prices,
                        long trialDays, boolean paused) {}

  @Override
  public String system() {
    return "Stripe";
  }

  @Override
  public String condition() {
    return "StripeReady";
  }

  @Override
  public Optional<Off> off(Business business) {
    return Off.check(business, "stripe", platform, "The platform bills no " + plan(business.getSpec())
        + " plan through Stripe", KEY, priceKey(business.getSpec()));
  }

  @Override
  public Desired desired(Business business, Inputs inputs) {
    BusinessSpec spec = business.getSpec();
    PlatformSecret.Settings settings = platform.current();
    StripeBilling.PlanPrices prices = new StripeBilling.PlanPrices(plan(spec), settings.get(priceKey(spec))
        .orElse(null), settings.get(OVERAGE_PRICE + plan(spec)).orElse(null));
    return new Desired(inputs.businessId(), spec.displayName(), spec.contact().email(), prices,
        remainingTrialDays(business), spec.suspendedOrFalse());
  }

  @Override
  public Provisioned<StripeStatus> provision(Business business, Desired desired, StripeStatus previous) {
    StripeBilling stripe = billing();
    String customerId = stripe.ensureCustomer(desired.businessId(), previous == null ? null : previous.customerId(),
        desired.name(), desired.email());
    long generation = business.getMetadata().getGeneration() == null ? 0 : business.getMetadata().getGeneration();
    StripeBilling.SubscriptionState subscription = stripe.ensureSubscription(desired.businessId(), customerId,
        previous == null || !customerId.equals(previous.customerId()) ? null : previous.subscriptionId(),
        desired.prices(), desired.trialDays(), desired.paused(), "g" + generation, clock.instant());
    StripeStatus ids = new StripeStatus(customerId, subscription.subscriptionId(), subscription.priceId(),
        subscription.paused() ? "paused" : subscription.status());
    return new Provisioned<>(ids, "Customer " + customerId + ", subscription " + ids.subscriptionId() + " ("
        + ids.subscriptionStatus() + ") to " + ids.priceId());
  }

  @Override
  public String remove(Business business, StripeStatus previous) {
    if (previous == null || previous.customerId() == null || platform.current().get(KEY).isEmpty()) {
      return "Nothing was provisioned in Stripe";
    }
    StripeBilling stripe = billing();
    String businessId = business.getStatus().businessId();
    stripe.cancelSubscription(businessId, previous.customerId(), previous.subscriptionId());
    if (ExternalPart.deleteOnRemoval(business, "stripe")) {
      stripe.deleteCustomer(previous.customerId());
      return "Cancelled subscription " + previous.subscriptionId() + " and deleted customer " + previous.customerId();
    }
    return "Cancelled subscription " + previous.subscriptionId() + "; customer " + previous.customerId()
        + " and its invoices are kept";
  }

  /** The trial counts from the Business's creation, even when billing is set up later. */
  private long remainingTrialDays(Business business) {
    BusinessSpec spec = business.getSpec();
    long days = spec.billing() == null || spec.billing().trialDays() == null ? 14 : spec.billing().trialDays();
    String created = business.getMetadata().getCreationTimestamp();
    if (created == null) {
      return days;
    }
    long used = Duration.between(Instant.parse(created), clock.instant()).toDays();
    return Math.max(0, days - used);
  }

  private static String plan(BusinessSpec spec) {
    return spec.plan() == null ? "starter" : spec.plan().name().toLowerCase(Locale.ROOT);
  }

  private static String priceKey(BusinessSpec spec) {
    return PRICE + plan(spec);
  }

  private StripeBilling billing() {
    PlatformSecret.Settings s = platform.current();
    return new StripeBilling(s.get(URL).orElse(null), s.get(KEY).orElseThrow(),
        Duration.parse(s.get(TIMEOUT).orElse("PT30S")));
  }

  @Override
  public StripeStatus idsIn(IntegrationsStatus status) {
    return status.stripe();
  }

  @Override
  public IntegrationsStatus withIds(IntegrationsStatus status, StripeStatus ids) {
    return status.withStripe(ids);
  }
}
