package com.qastco.voice.runtime.billing;

import com.qastco.voice.integrations.stripe.StripeBilling;
import com.qastco.voice.integrations.stripe.StripeUsage;
import com.qastco.voice.runtime.outbox.Outbox;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.storage.ReceivedWebhooks;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a Stripe event does, once per event id and Business, from what Stripe holds now: subscription events
 * update the billing state (status, period, trial, plan); invoice events also keep the invoice, tell the owner
 * whether payment failed, and queue the period's Sales Invoice for ERPNext the first time the invoice is seen
 * finalized (whichever of its events comes first); a completed Checkout makes the saved card the one to bill.
 */
@Singleton
public class StripeEventHandler {
  private static final Set<String> SUBSCRIPTION = Set.of("customer.subscription.created",
      "customer.subscription.updated", "customer.subscription.deleted", "customer.subscription.paused",
      "customer.subscription.resumed", "customer.subscription.trial_will_end");
  private static final Set<String> INVOICE = Set.of("invoice.finalized", "invoice.paid", "invoice.payment_failed",
      "invoice.payment_action_required", "invoice.payment_succeeded", "invoice.marked_uncollectible",
      "invoice.voided");
  private static final String CHECKOUT = "checkout.session.completed";
  private final StripeConfig config;
  private final TenantDirectory tenants;
  private final TenantDatabase database;
  private final BillingStates states;
  private final Outbox outbox;
  private final InvoiceLines lines;
  private final com.qastco.voice.runtime.notifications.OwnerMail ownerMail;

  public StripeEventHandler(StripeConfig config, TenantDirectory tenants, TenantDatabase database, BillingStates states,
                      Outbox outbox, InvoiceLines lines, com.qastco.voice.runtime.notifications.OwnerMail ownerMail) {
    this.ownerMail = ownerMail;
    this.config = config;
    this.tenants = tenants;
    this.database = database;
    this.states = states;
    this.outbox = outbox;
    this.lines = lines;
  }

  public boolean handles(String type) {
    return SUBSCRIPTION.contains(type) || INVOICE.contains(type) || CHECKOUT.equals(type);
  }

  /** @return empty when the event is about no Business served here; else whether it was new */
  public Optional<Boolean> handle(String eventId, String type, String objectId) {
    StripeUsage stripe = config.client();
    Optional<StripeUsage.InvoiceView> invoice = Optional.empty();
    String subscriptionId = objectId;
    if (INVOICE.contains(type)) {
      invoice = stripe.invoice(objectId);
      subscriptionId = invoice.map(StripeUsage.InvoiceView::subscriptionId).orElse(null);
    } else if (CHECKOUT.equals(type)) {
      Optional<StripeUsage.CompletedCheckout> checkout = stripe.checkout(objectId);
      subscriptionId = checkout.map(StripeUsage.CompletedCheckout::subscriptionId).orElse(null);
      Optional<StripeBilling.Current> current = subscriptionId == null ? Optional.empty()
          : stripe.subscription(subscriptionId);
      if (current.isEmpty() || checkout.get().setupIntentId() == null
          || !java.util.Objects.equals(current.get().businessId(), checkout.get().businessId())) {
        return Optional.empty();
      }
      // Idempotent at Stripe (keys per setup intent), so a repeated event repeats it harmlessly.
      stripe.useSavedPaymentMethod(current.get().businessId(), current.get().customerId(), subscriptionId,
          checkout.get().setupIntentId());
    }
    Optional<StripeBilling.Current> current = subscriptionId == null ? Optional.empty()
        : stripe.subscription(subscriptionId);
    Optional<Tenant> tenant = current.map(StripeBilling.Current::businessId).flatMap(StripeEventHandler::uuid)
        .flatMap(tenants::byId);
    if (tenant.isEmpty()) {
      return Optional.empty();
    }
    UUID business = tenant.get().businessId();
    Optional<StripeUsage.InvoiceView> seen = invoice;
    return Optional.of(database.inTenant(business, c -> {
      if (!ReceivedWebhooks.record(c, business, "stripe", eventId)) {
        return false;
      }
      states.apply(c, business, current.get());
      if (seen.isPresent()) {
        keep(c, tenant.get(), seen.get());
        if (type.equals("invoice.payment_failed") || type.equals("invoice.paid")) {
          states.paymentOutcome(c, type.equals("invoice.payment_failed"));
        }
        if (type.equals("invoice.payment_failed")) {
          tellOwnerPaymentFailed(c, tenant.get(), seen.get()); // once per invoice, however often Stripe retries
        }
      }
      if (type.equals("customer.subscription.trial_will_end") && current.get().state().trialEnd() != null) {
        tellOwnerTrialEnds(c, tenant.get(), current.get().state());
      }
      return true;
    }));
  }

  private void tellOwnerPaymentFailed(Connection c, Tenant tenant, StripeUsage.InvoiceView invoice)
      throws SQLException {
    java.util.Map<String, Object> payload = new java.util.LinkedHashMap<>();
    payload.put("number", invoice.number() == null ? invoice.id() : invoice.number());
    payload.put("amount", amount(invoice.currency(), invoice.total() - invoice.amountPaid()));
    payload.put("hostedUrl", invoice.hostedUrl());
    ownerMail.once(c, tenant, "payment_failed:" + invoice.id(),
        com.qastco.voice.runtime.notifications.OwnerNotices.PAYMENT_FAILED, tenant.businessId(), payload);
  }

  /** Stripe sends trial_will_end three days before the trial ends. */
  private void tellOwnerTrialEnds(Connection c, Tenant tenant, StripeBilling.SubscriptionState state)
      throws SQLException {
    String ends = java.time.format.DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", java.util.Locale.ENGLISH)
        .format(Instant.ofEpochSecond(state.trialEnd()).atZone(tenant.zone()));
    ownerMail.once(c, tenant, "trial_ending:" + state.subscriptionId() + ":" + state.trialEnd(),
        com.qastco.voice.runtime.notifications.OwnerNotices.TRIAL_ENDING, tenant.businessId(),
        java.util.Map.of("trialEnds", ends));
  }

  /** Stripe's amount in the currency's smallest unit, as an owner reads it ("USD 49.00", "JPY 4900"). */
  static String amount(String currency, long smallestUnits) {
    String code = currency == null ? "USD" : currency.toUpperCase(java.util.Locale.ROOT);
    int digits;
    try {
      digits = Math.max(0, java.util.Currency.getInstance(code).getDefaultFractionDigits());
    } catch (IllegalArgumentException e) {
      digits = 2;
    }
    return code + " " + java.math.BigDecimal.valueOf(smallestUnits, digits).toPlainString();
  }

  /** The invoice as it stands, and its Sales Invoice queued once it is finalized. */
  private void keep(Connection c, Tenant tenant, StripeUsage.InvoiceView invoice) throws SQLException {
    try (PreparedStatement upsert = c.prepareStatement("INSERT INTO billing_invoice (business_id, invoice_id,"
        + " number, status, currency, total, amount_paid, period_start, period_end, hosted_url)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (business_id, invoice_id) DO UPDATE SET"
        + " number = EXCLUDED.number, status = EXCLUDED.status, total = EXCLUDED.total,"
        + " amount_paid = EXCLUDED.amount_paid, hosted_url = EXCLUDED.hosted_url, updated_at = now()")) {
      upsert.setObject(1, tenant.businessId());
      upsert.setString(2, invoice.id());
      upsert.setString(3, invoice.number());
      upsert.setString(4, invoice.status());
      upsert.setString(5, invoice.currency());
      upsert.setLong(6, invoice.total());
      upsert.setLong(7, invoice.amountPaid());
      upsert.setTimestamp(8, time(invoice.periodStart()));
      upsert.setTimestamp(9, time(invoice.periodEnd()));
      upsert.setString(10, invoice.hostedUrl());
      upsert.executeUpdate();
    }
    if ("draft".equals(invoice.status())) {
      return;
    }
    boolean first;
    try (PreparedStatement queue = c.prepareStatement("UPDATE billing_invoice SET queued_at = now()"
        + " WHERE invoice_id = ? AND queued_at IS NULL RETURNING 1")) {
      queue.setString(1, invoice.id());
      try (ResultSet r = queue.executeQuery()) {
        first = r.next();
      }
    }
    if (first) {
      outbox.enqueue(c, tenant, "invoice.finalized", UUID.nameUUIDFromBytes(("stripe-invoice:" + invoice.id())
          .getBytes(java.nio.charset.StandardCharsets.UTF_8)), lines.salesInvoice(c, tenant, invoice));
    }
  }

  private static Timestamp time(Long epochSeconds) {
    return epochSeconds == null ? null : Timestamp.from(Instant.ofEpochSecond(epochSeconds));
  }

  private static Optional<UUID> uuid(String value) {
    try {
      return value == null ? Optional.empty() : Optional.of(UUID.fromString(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
