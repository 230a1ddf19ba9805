package com.qastco.voice.integrations.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Invoice;
import com.stripe.model.InvoiceLineItem;
import com.stripe.model.SetupIntent;
import com.stripe.model.Subscription;
import com.stripe.model.billing.MeterEventSummary;
import com.stripe.param.CustomerUpdateParams;
import com.stripe.param.SubscriptionResumeParams;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.billing.MeterEventCreateParams;
import com.stripe.param.billing.MeterEventSummaryListParams;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the runtime asks of Stripe while a Business uses its plan: meter events for overage sessions (each with a
 * stable identifier, so a retry or a redelivery is never counted twice; no idempotency key, because Stripe would
 * replay a stored 500 to every retry of the same key, while the identifier lets a retry through exactly once), the
 * meter's totals for reconciliation, invoices read again when their webhooks arrive, and the hosted pages where
 * the owner enters payment details (Checkout, setup mode) or manages the subscription (the customer portal).
 */
public final class StripeUsage {
  private final StripeClient stripe;

  public StripeUsage(String apiBase, String apiKey, Duration timeout) {
    this.stripe = StripeCalls.client(apiBase, apiKey, timeout);
  }

  /**
   * One meter event. Stripe keeps identifiers unique for at least 24 hours: an event it already has (a delivery
   * whose answer was lost) is reported as such, never counted again.
   *
   * @return false when Stripe already had this identifier
   */
  public boolean pushMeterEvent(String eventName, String identifier, String customerId, long value,
                                Instant timestamp) {
    return StripeCalls.call(() -> {
      try {
        stripe.v1().billing().meterEvents().create(MeterEventCreateParams.builder().setEventName(eventName)
            .setIdentifier(identifier).putPayload("stripe_customer_id", customerId)
            .putPayload("value", Long.toString(value)).setTimestamp(timestamp.getEpochSecond()).build());
        return true;
      } catch (InvalidRequestException e) {
        String message = e.getStripeError() == null ? "" : String.valueOf(e.getStripeError().getMessage());
        if (message.toLowerCase(Locale.ROOT).contains("identifier") && message.contains("already")) {
          return false;
        }
        throw e;
      }
    });
  }

  /** What the meter has counted for a customer in [start, end) (minute-aligned, as the API wants). */
  public long meterTotal(String meterId, String customerId, Instant start, Instant end) {
    return StripeCalls.call(() -> {
      long from = start.getEpochSecond() / 60 * 60;
      long to = (end.getEpochSecond() + 59) / 60 * 60;
      BigDecimal total = BigDecimal.ZERO;
      for (MeterEventSummary summary : stripe.v1().billing().meters().eventSummaries().list(meterId,
          MeterEventSummaryListParams.builder().setCustomer(customerId).setStartTime(from).setEndTime(to).build())
          .autoPagingIterable()) {
        total = total.add(summary.getAggregatedValue());
      }
      return total.longValueExact();
    });
  }

  /** An invoice line: its price, whether it is a proration, its quantity and amount (minor units). */
  public record Line(String priceId, boolean proration, long quantity, long amount) {}

  /** An invoice as Stripe holds it now, with the subscription and Business it belongs to. */
  public record InvoiceView(String id, String number, String status, String currency, long total, long amountPaid,
                            Long periodStart, Long periodEnd, Long dueDate, String hostedUrl, String subscriptionId,
                            String businessId, List<Line> lines) {}

  /** Empty when Stripe does not know it. */
  public Optional<InvoiceView> invoice(String invoiceId) {
    return StripeCalls.call(() -> {
      Invoice invoice = found(() -> stripe.v1().invoices().retrieve(invoiceId)).orElse(null);
      if (invoice == null) {
        return Optional.empty();
      }
      var details = invoice.getParent() == null ? null : invoice.getParent().getSubscriptionDetails();
      List<Line> lines = new ArrayList<>();
      for (InvoiceLineItem line : invoice.getLines().autoPagingIterable()) {
        String price = line.getPricing() == null || line.getPricing().getPriceDetails() == null ? null
            : line.getPricing().getPriceDetails().getPrice();
        boolean proration = line.getParent() != null && line.getParent().getSubscriptionItemDetails() != null
            && Boolean.TRUE.equals(line.getParent().getSubscriptionItemDetails().getProration());
        lines.add(new Line(price, proration, line.getQuantity() == null ? 0 : line.getQuantity(), line.getAmount()));
      }
      Map<String, String> metadata = details == null || details.getMetadata() == null ? Map.of()
          : details.getMetadata();
      return Optional.of(new InvoiceView(invoice.getId(), invoice.getNumber(), invoice.getStatus(),
          invoice.getCurrency(), invoice.getTotal(), invoice.getAmountPaid() == null ? 0 : invoice.getAmountPaid(),
          invoice.getPeriodStart(), invoice.getPeriodEnd(), invoice.getDueDate(), invoice.getHostedInvoiceUrl(),
          details == null ? null : details.getSubscription(), metadata.get(StripeBilling.BUSINESS_ID), lines));
    });
  }

  /**
   * A Checkout page in setup mode for the customer: the card is saved without a charge, and the completed
   * session's setup intent says which payment method to bill from then on.
   */
  public String checkoutForPaymentDetails(String businessId, String customerId, String subscriptionId,
                                          String currency, String successUrl, String cancelUrl) {
    return StripeCalls.call(() -> stripe.v1().checkout().sessions().create(
        com.stripe.param.checkout.SessionCreateParams.builder()
            .setMode(com.stripe.param.checkout.SessionCreateParams.Mode.SETUP).setCustomer(customerId)
            .setCurrency(currency.toLowerCase(Locale.ROOT)).setClientReferenceId(businessId)
            .setSuccessUrl(successUrl).setCancelUrl(cancelUrl)
            .putMetadata(StripeBilling.BUSINESS_ID, businessId).putMetadata("subscription_id", subscriptionId)
            .build()).getUrl());
  }

  /** A short-lived link to Stripe's customer portal (invoices, payment methods, cancellation). */
  public String portal(String customerId, String returnUrl) {
    return StripeCalls.call(() -> stripe.v1().billingPortal().sessions().create(
        com.stripe.param.billingportal.SessionCreateParams.builder().setCustomer(customerId)
            .setReturnUrl(returnUrl).build()).getUrl());
  }

  /** A completed Checkout session: which Business and subscription it was for, and its setup intent. */
  public record CompletedCheckout(String businessId, String subscriptionId, String setupIntentId) {}

  public Optional<CompletedCheckout> checkout(String sessionId) {
    return StripeCalls.call(() -> {
      return found(() -> stripe.v1().checkout().sessions().retrieve(sessionId)).map(session -> {
        Map<String, String> metadata = session.getMetadata() == null ? Map.of() : session.getMetadata();
        return new CompletedCheckout(metadata.get(StripeBilling.BUSINESS_ID), metadata.get("subscription_id"),
            session.getSetupIntent());
      });
    });
  }

  /**
   * The payment method saved through Checkout becomes the one the customer and the subscription are billed from;
   * a subscription that paused at the end of its trial for want of one resumes.
   */
  public void useSavedPaymentMethod(String businessId, String customerId, String subscriptionId,
                                    String setupIntentId) {
    StripeCalls.call(() -> {
      SetupIntent intent = stripe.v1().setupIntents().retrieve(setupIntentId);
      String method = intent.getPaymentMethod();
      stripe.v1().customers().update(customerId, CustomerUpdateParams.builder().setInvoiceSettings(
              CustomerUpdateParams.InvoiceSettings.builder().setDefaultPaymentMethod(method).build()).build(),
          StripeCalls.idempotent("voice-" + businessId + "-payment-method-" + setupIntentId));
      Subscription subscription = stripe.v1().subscriptions().update(subscriptionId, SubscriptionUpdateParams
          .builder().setDefaultPaymentMethod(method).build(),
          StripeCalls.idempotent("voice-" + businessId + "-subscription-payment-method-" + setupIntentId));
      if ("paused".equals(subscription.getStatus())) {
        stripe.v1().subscriptions().resume(subscriptionId, SubscriptionResumeParams.builder()
            .setBillingCycleAnchor(SubscriptionResumeParams.BillingCycleAnchor.NOW).build(),
            StripeCalls.idempotent("voice-" + businessId + "-resume-" + setupIntentId));
      }
      return null;
    });
  }

  /** A subscription as Stripe holds it now, with the Business it belongs to; empty when Stripe does not know it. */
  public Optional<StripeBilling.Current> subscription(String subscriptionId) {
    return StripeCalls.call(() -> {
      return found(() -> stripe.v1().subscriptions().retrieve(subscriptionId)).map(subscription ->
          new StripeBilling.Current(subscription.getMetadata() == null ? null
              : subscription.getMetadata().get(StripeBilling.BUSINESS_ID), subscription.getCustomer(),
              StripeBilling.state(subscription)));
    });
  }

  /** An object Stripe may not know: empty then, rather than an error. */
  private static <T> Optional<T> found(StripeCalls.Call<T> read) throws com.stripe.exception.StripeException {
    try {
      return Optional.of(read.run());
    } catch (InvalidRequestException e) {
      if ("resource_missing".equals(e.getCode())) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
