package com.qastco.voice.integrations.stripe;

import com.qastco.voice.integrations.ExternalSystemException;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.InvalidRequestException;
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
  private final StripeClient stripe;

  public StripeBilling(String apiBase, String apiKey, Duration timeout) {
    StripeClient.StripeClientBuilder builder = StripeClient.builder().setApiKey(apiKey)
        .setConnectTimeout((int) Math.min(timeout.toMillis(), 30_000)).setReadTimeout((int) timeout.toMillis())
        // Retries belong to the caller, which backs off per tenant and keeps the idempotency key.
        .setMaxNetworkRetries(0);
    if (apiBase != null) {
      builder.setApiBase(apiBase);
    }
    this.stripe = builder.build();
  }

  /** Where a subscription stands. */
  public record SubscriptionState(String subscriptionId, String itemId, String priceId, String status,
                                  boolean paused) {}

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
   * The subscription of a Business to {@code priceId}: created with the trial, or changed to the price (prorated)
   * and the pause state asked for. {@code revision} tells changes apart whose parameters happen to repeat.
   */
  public SubscriptionState ensureSubscription(String businessId, String customerId, String knownId, String priceId,
                                              long trialDays, boolean paused, String revision) {
    return call(() -> {
      Subscription subscription = find(businessId, customerId, knownId).orElse(null);
      if (subscription == null) {
        SubscriptionCreateParams.Builder create = SubscriptionCreateParams.builder().setCustomer(customerId)
            .addItem(SubscriptionCreateParams.Item.builder().setPrice(priceId).build())
            .putMetadata(BUSINESS_ID, businessId)
            // A trial that ends without a card pauses the subscription instead of cancelling it.
            .setTrialSettings(SubscriptionCreateParams.TrialSettings.builder().setEndBehavior(
                SubscriptionCreateParams.TrialSettings.EndBehavior.builder().setMissingPaymentMethod(
                    SubscriptionCreateParams.TrialSettings.EndBehavior.MissingPaymentMethod.PAUSE).build()).build());
        if (trialDays > 0) {
          create.setTrialPeriodDays(trialDays);
        }
        subscription = stripe.v1().subscriptions().create(create.build(), key(businessId, "subscription"));
      }
      SubscriptionState state = state(subscription);
      boolean priceChanges = !priceId.equals(state.priceId());
      if (priceChanges || paused != state.paused()) {
        SubscriptionUpdateParams.Builder update = SubscriptionUpdateParams.builder();
        if (priceChanges) {
          update.addItem(SubscriptionUpdateParams.Item.builder().setId(state.itemId()).setPrice(priceId).build())
              .setProrationBehavior(SubscriptionUpdateParams.ProrationBehavior.CREATE_PRORATIONS);
        }
        if (paused) {
          update.setPauseCollection(SubscriptionUpdateParams.PauseCollection.builder()
              .setBehavior(SubscriptionUpdateParams.PauseCollection.Behavior.VOID).build());
        } else {
          update.setPauseCollection(EmptyParam.EMPTY);
        }
        subscription = stripe.v1().subscriptions().update(subscription.getId(), update.build(),
            key(businessId, "subscription-update", priceId, Boolean.toString(paused), revision));
        state = state(subscription);
      }
      return state;
    });
  }

  /** A subscription as Stripe holds it now, with the Business it was made for (its metadata). */
  public record Current(String businessId, String customerId, SubscriptionState state) {}

  /**
   * Reads a subscription again: webhook payloads arrive late and out of order, so what Stripe says now is what
   * counts. Empty when Stripe does not know it.
   */
  public Optional<Current> current(String subscriptionId) {
    return call(() -> {
      try {
        Subscription subscription = stripe.v1().subscriptions().retrieve(subscriptionId);
        String businessId = subscription.getMetadata() == null ? null : subscription.getMetadata().get(BUSINESS_ID);
        return Optional.of(new Current(businessId, subscription.getCustomer(), state(subscription)));
      } catch (InvalidRequestException e) {
        if ("resource_missing".equals(e.getCode())) {
          return Optional.empty();
        }
        throw e;
      }
    });
  }

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

  private static SubscriptionState state(Subscription subscription) {
    SubscriptionItem item = subscription.getItems().getData().get(0);
    return new SubscriptionState(subscription.getId(), item.getId(), item.getPrice().getId(),
        subscription.getStatus(), subscription.getPauseCollection() != null);
  }

  private static RequestOptions key(String businessId, String action, String... details) {
    String key = "voice-" + businessId + "-" + action + (details.length == 0 ? ""
        : "-" + Integer.toHexString(String.join("\u0000", details).hashCode()));
    return RequestOptions.builder().setIdempotencyKey(key).build();
  }

  private interface StripeCall<T> {
    T run() throws StripeException;
  }

  private static <T> T call(StripeCall<T> work) {
    try {
      return work.run();
    } catch (ApiConnectionException e) {
      throw new ExternalSystemException(SYSTEM, ExternalSystemException.Kind.UNREACHABLE,
          "Stripe cannot be reached: " + e.getMessage(), null, e);
    } catch (StripeException e) {
      int status = e.getStatusCode() == null ? 500 : e.getStatusCode();
      throw new ExternalSystemException(SYSTEM, ExternalSystemException.kindOf(status), "Stripe answered " + status
          + (e.getCode() == null ? "" : " " + e.getCode()) + ": "
          + (e.getStripeError() == null ? e.getMessage() : e.getStripeError().getMessage()), null, e);
    }
  }
}
