package com.qastco.voice.runtime.billing;

import com.qastco.voice.integrations.stripe.StripeBilling;
import com.qastco.voice.runtime.storage.TenantDatabase;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Each Business's subscription as Stripe last said (status, current period, trial, plan and since when), its plan
 * changes, and whether a payment failed: written from Stripe's webhooks, read when a session starts and for the
 * period's statement.
 */
@Singleton
public class BillingStates {
  private final TenantDatabase database;

  public BillingStates(TenantDatabase database) {
    this.database = database;
  }

  /** @param pastDueSince when the subscription fell past due; null while it is not */
  public record State(String subscriptionId, String customerId, String status, String plan, Instant planSince,
                      Instant periodStart, Instant periodEnd, Instant trialEnd, Instant pastDueSince,
                      Instant paymentFailedAt) {
    /** Whether {@code at} falls in the trial (Stripe says trialing, or it is before the trial's end). */
    public boolean trialAt(Instant at) {
      return "trialing".equals(status) || trialEnd != null && at.isBefore(trialEnd);
    }
  }

  /** A plan change at the instant Stripe prorated from. */
  public record PlanChange(Instant at, String from, String to) {}

  /**
   * The subscription as Stripe holds it now. Past due keeps its first date across events, so the grace period
   * cannot be reset by a retry; a new plan since a later instant than the one recorded is a plan change.
   */
  public void apply(Connection c, UUID business, StripeBilling.Current current) throws SQLException {
    StripeBilling.SubscriptionState s = current.state();
    Optional<State> before = read(c);
    try (PreparedStatement upsert = c.prepareStatement("INSERT INTO business_billing (business_id,"
        + " subscription_id, customer_id, status, plan, plan_since, period_start, period_end, trial_end,"
        + " past_due_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN now() END)"
        + " ON CONFLICT (business_id) DO UPDATE SET subscription_id = EXCLUDED.subscription_id,"
        + " customer_id = EXCLUDED.customer_id, status = EXCLUDED.status, plan = EXCLUDED.plan,"
        + " plan_since = EXCLUDED.plan_since, period_start = EXCLUDED.period_start,"
        + " period_end = EXCLUDED.period_end, trial_end = EXCLUDED.trial_end, updated_at = now(),"
        + " past_due_since = CASE WHEN EXCLUDED.status IN ('past_due', 'unpaid')"
        + " THEN coalesce(business_billing.past_due_since, now()) END")) {
      boolean pastDue = "past_due".equals(s.status()) || "unpaid".equals(s.status());
      upsert.setObject(1, business);
      upsert.setString(2, s.subscriptionId());
      upsert.setString(3, current.customerId());
      upsert.setString(4, s.status());
      upsert.setString(5, s.plan());
      upsert.setTimestamp(6, seconds(s.planSince()));
      upsert.setTimestamp(7, seconds(s.periodStart()));
      upsert.setTimestamp(8, seconds(s.periodEnd()));
      upsert.setTimestamp(9, seconds(s.trialEnd()));
      upsert.setBoolean(10, pastDue);
      upsert.executeUpdate();
    }
    if (before.isPresent() && before.get().plan() != null && s.plan() != null
        && !before.get().plan().equals(s.plan()) && s.planSince() != null) {
      try (PreparedStatement change = c.prepareStatement("INSERT INTO billing_plan_change (business_id,"
          + " changed_at, from_plan, to_plan) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
        change.setObject(1, business);
        change.setTimestamp(2, seconds(s.planSince()));
        change.setString(3, before.get().plan());
        change.setString(4, s.plan());
        change.executeUpdate();
      }
    }
  }

  /** A payment failed (the owner is told until one succeeds), or one succeeded. */
  public void paymentOutcome(Connection c, boolean failed) throws SQLException {
    try (PreparedStatement update = c.prepareStatement("UPDATE business_billing SET payment_failed_at = "
        + (failed ? "coalesce(payment_failed_at, now())" : "NULL"))) {
      update.executeUpdate();
    }
  }

  public Optional<State> of(UUID business) {
    return database.inTenant(business, BillingStates::read);
  }

  /** The state, within a transaction that already has its tenant set. */
  public static Optional<State> read(Connection c) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT subscription_id, customer_id, status, plan,"
        + " plan_since, period_start, period_end, trial_end, past_due_since, payment_failed_at"
        + " FROM business_billing")) {
      try (ResultSet r = select.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(new State(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
            instant(r.getTimestamp(5)), instant(r.getTimestamp(6)), instant(r.getTimestamp(7)),
            instant(r.getTimestamp(8)), instant(r.getTimestamp(9)), instant(r.getTimestamp(10))));
      }
    }
  }

  public static List<PlanChange> changes(Connection c, BillingPeriod period) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT changed_at, from_plan, to_plan FROM"
        + " billing_plan_change WHERE changed_at >= ? AND changed_at < ? ORDER BY changed_at")) {
      select.setTimestamp(1, Timestamp.from(period.start()));
      select.setTimestamp(2, Timestamp.from(period.end()));
      List<PlanChange> changes = new ArrayList<>();
      try (ResultSet r = select.executeQuery()) {
        while (r.next()) {
          changes.add(new PlanChange(r.getTimestamp(1).toInstant(), r.getString(2), r.getString(3)));
        }
      }
      return changes;
    }
  }

  private static Timestamp seconds(Long epochSeconds) {
    return epochSeconds == null ? null : Timestamp.from(Instant.ofEpochSecond(epochSeconds));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
