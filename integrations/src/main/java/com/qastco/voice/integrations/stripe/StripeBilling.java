package com.qastco.voice.integrations.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerSearchParams;
import com.stripe.param.CustomerUpdateParams;
import com.stripe.param.SubscriptionCreateParams;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.common.EmptyParam;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Business's Stripe customer and subscription, through stripe-java. Every write carries an idempotency key
 * derived from the business id and what is being done, so a retried request replays instead of creating a second
 * customer or subscription; what a lost status forgot is found again by the business id in metadata.
 */
public final class StripeBilling {
  public static final String SYSTEM = "Stripe";
  public static final String BUSINESS_ID = "business_id";
  static final String PLAN = "plan";
  static final String PLAN_SINCE = "plan_since";
  private final StripeClient stripe;

  public StripeBilling(String apiBase, String apiKey, Duration timeout) {
    this.stripe = StripeCalls.client(apiBase, apiKey, timeout);
  }

  /** A plan's prices: the monthly fee, and the metered overage price when the plan has included sessions. */
  public record PlanPrices(String plan, String fee, String overage) {
    java.util.List<String> ids() {
      return overage == null ? java.util.List.of(fee) : java.util.List.of(fee, overage);
    }
  }

  /**
   * Where a subscription stands: its fee item and price, the overage price if it has one, its current period, the
   * trial's end, and the plan it is on since when (the instant Stripe prorated from). Times in epoch seconds.
   */
  public record SubscriptionState(String subscriptionId, String itemId, String priceId, String overagePriceId,
                                  String status, boolean paused, Long periodStart, Long periodEnd, Long trialEnd,
                                  String plan, Long planSince) {}

  /** The customer of a Business, created once; name and e-mail kept in step. */
  public String ensureCustomer(String businessId, String knownId, String name, String email) {
    return call(() -> {
      Optional<Customer> found = Optional.empty();
      if (knownId != null) {
        Customer known = stripe.v1().customers().retrieve(knownId);
        found = Boolean.TRUE.equals(known.getDeleted()) ? Optional.empty() : Optional.of(known);
      }
      if (found.isEmpty()) {
        found = stripe.v1().customers().search(CustomerSearchParams.builder()
            .setQuery("metadata['" + BUSINESS_ID + "']:'" + businessId + "'").build()).getData().stream().findFirst();
      }
      if (found.isPresent()) {
        Customer customer = found.get();
        if (!Objects.equals(customer.getName(), name) || !Objects.equals(customer.getEmail(), email)) {
          stripe.v1().customers().update(customer.getId(), CustomerUpdateParams.builder().setName(name)
              .setEmail(email).build(), key(businessId, "customer-update", name, email));
        }
        return customer.getId();
      }
      return stripe.v1().customers().create(CustomerCreateParams.builder().setName(name).setEmail(email)
          .putMetadata(BUSINESS_ID, businessId).build(), key(businessId, "customer")).getId();
    });
  }

  /**
   * The subscription of a Business to a plan's prices: created with the trial, or changed to them (the fee
   * prorated from {@code now}, which the subscription's metadata keeps as the plan's start) and to the pause state
   * asked for. {@code revision} tells changes apart whose parameters happen to repeat.
   */
  public SubscriptionState ensureSubscription(String businessId, String customerId, String knownId, PlanPrices prices,
                                              long trialDays, boolean paused, String revision, Instant now) {
    return call(() -> {
      Subscription subscription = find(businessId, customerId, knownId).orElse(null);
      String since = Long.toString(now.getEpochSecond());
      if (subscription == null) {
        SubscriptionCreateParams.Builder create = SubscriptionCreateParams.builder().setCustomer(customerId)
            .putMetadata(BUSINESS_ID, businessId).putMetadata(PLAN, prices.plan()).putMetadata(PLAN_SINCE, since)
            // A trial that ends without a card pauses the subscription instead of cancelling it.
            .setTrialSettings(SubscriptionCreateParams.TrialSettings.builder().setEndBehavior(
                SubscriptionCreateParams.TrialSettings.EndBehavior.builder().setMissingPaymentMethod(
                    SubscriptionCreateParams.TrialSettings.EndBehavior.MissingPaymentMethod.PAUSE).build()).build());
        prices.ids().forEach(price -> create.addItem(SubscriptionCreateParams.Item.builder().setPrice(price).build()));
        if (trialDays > 0) {
          create.setTrialPeriodDays(trialDays);
        }
        subscription = stripe.v1().subscriptions().create(create.build(), key(businessId, "subscription"));
      }
      SubscriptionState state = state(subscription);
      boolean pricesChange = !prices.fee().equals(state.priceId())
          || !Objects.equals(prices.overage(), state.overagePriceId());
      if (pricesChange || paused != state.paused()) {
        SubscriptionUpdateParams.Builder update = SubscriptionUpdateParams.builder();
        if (pricesChange) {
          List<SubscriptionItem> items = subscription.getItems().getData();
          List<String> wanted = prices.ids();
          for (int i = 0; i < Math.max(items.size(), wanted.size()); i++) {
            SubscriptionUpdateParams.Item.Builder item = SubscriptionUpdateParams.Item.builder();
            if (i < items.size()) {
              item.setId(items.get(i).getId());
            }
            if (i < wanted.size()) {
              item.setPrice(wanted.get(i));
            } else {
              item.setDeleted(true);
            }
            update.addItem(item.build());
          }
          update.setProrationBehavior(SubscriptionUpdateParams.ProrationBehavior.CREATE_PRORATIONS)
              .setProrationDate(now.getEpochSecond()).putMetadata(PLAN, prices.plan()).putMetadata(PLAN_SINCE, since);
        }
        if (paused) {
          update.setPauseCollection(SubscriptionUpdateParams.PauseCollection.builder()
              .setBehavior(SubscriptionUpdateParams.PauseCollection.Behavior.VOID).build());
        } else {
          update.setPauseCollection(EmptyParam.EMPTY);
        }
        subscription = stripe.v1().subscriptions().update(subscription.getId(), update.build(),
            key(businessId, "subscription-update", String.join(",", prices.ids()), Boolean.toString(paused),
                revision));
        state = state(subscription);
      }
      return state;
    });
  }

  /** A subscription as Stripe holds it now, with the Business it was made for (its metadata). */
  public record Current(String businessId, String customerId, SubscriptionState state) {}

  /** Cancels the subscription now; one already cancelled stays cancelled. */
  public void cancelSubscription(String businessId, String customerId, String knownId) {
    call(() -> {
      Optional<Subscription> subscription = find(businessId, customerId, knownId);
      if (subscription.isPresent() && !"canceled".equals(subscription.get().getStatus())) {
        stripe.v1().subscriptions().cancel(subscription.get().getId(), key(businessId, "subscription-cancel"));
      }
      return null;
    });
  }

  public void deleteCustomer(String customerId) {
    call(() -> {
      try {
        stripe.v1().customers().delete(customerId);
      } catch (com.stripe.exception.InvalidRequestException e) {
        if (e.getStatusCode() == null || e.getStatusCode() != 404) {
          throw e;
        }
      }
      return null;
    });
  }

  private Optional<Subscription> find(String businessId, String customerId, String knownId) throws StripeException {
    if (knownId != null) {
      return Optional.of(stripe.v1().subscriptions().retrieve(knownId));
    }
    return stripe.v1().subscriptions().list(SubscriptionListParams.builder().setCustomer(customerId)
            .setStatus(SubscriptionListParams.Status.ALL).build()).getData().stream()
        .filter(s -> businessId.equals(s.getMetadata() == null ? null : s.getMetadata().get(BUSINESS_ID)))
        .filter(s -> !"canceled".equals(s.getStatus()))
        .findFirst();
  }

  static SubscriptionState state(Subscription subscription) {
    List<SubscriptionItem> items = subscription.getItems().getData();
    SubscriptionItem fee = items.get(0);
    Map<String, String> metadata = subscription.getMetadata() == null ? Map.of() : subscription.getMetadata();
    String since = metadata.get(PLAN_SINCE);
    return new SubscriptionState(subscription.getId(), fee.getId(), fee.getPrice().getId(),
        items.size() > 1 ? items.get(1).getPrice().getId() : null, subscription.getStatus(),
        subscription.getPauseCollection() != null, fee.getCurrentPeriodStart(), fee.getCurrentPeriodEnd(),
        subscription.getTrialEnd(), metadata.get(PLAN), since == null || !since.matches("\\d{1,12}") ? null
        : Long.parseLong(since));
  }

  private static RequestOptions key(String businessId, String action, String... details) {
    return StripeCalls.idempotent("voice-" + businessId + "-" + action + (details.length == 0 ? ""
        : "-" + Integer.toHexString(String.join("\u0000", details).hashCode())));
  }

  private static <T> T call(StripeCalls.Call<T> work) {
    return StripeCalls.call(work);
  }
}
