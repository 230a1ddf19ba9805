package com.qastco.voice.runtime.billing;

import com.qastco.voice.api.v1alpha1.Plan;
import com.qastco.voice.runtime.plans.PlanLimit;
import com.qastco.voice.runtime.plans.PlanLimits;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Business's current period as it will be billed: the plan fee (split at a plan change the way Stripe
 * prorates it: the unused part of the old fee credited and the rest of the new one charged, each rounded to the
 * cent), the included sessions, those used, the overage (each at the price of the plan it was counted under), the
 * amount so far, and past invoices. Nothing here is charged during a trial.
 */
@Singleton
public class BillingStatement {
  private final TenantDatabase database;
  private final PlanLimits limits;
  private final Clock clock;

  public BillingStatement(TenantDatabase database, PlanLimits limits, Clock clock) {
    this.database = database;
    this.limits = limits;
    this.clock = clock;
  }

  @Serdeable
  public record Invoice(String id, String number, String status, String currency, BigDecimal total,
                        BigDecimal amountPaid, Instant periodStart, Instant periodEnd, String url) {}

  @Serdeable
  public record Statement(String plan, String status, boolean trial, Instant trialEnd, Instant periodStart,
                          Instant periodEnd, String currency, BigDecimal planFee, BigDecimal prorations,
                          Integer includedSessions, long usedSessions, long overageSessions, BigDecimal overage,
                          BigDecimal amountSoFar, String paymentProblem, List<Invoice> invoices) {}

  public Statement of(Tenant tenant) {
    return database.inTenant(tenant.businessId(), c -> {
      Optional<BillingStates.State> state = BillingStates.read(c);
      Instant now = clock.instant();
      BillingPeriod period = BillingPeriod.containing(state, now);
      String plan = state.map(BillingStates.State::plan).orElse(tenant.planName());
      boolean trial = state.map(s -> s.trialAt(now)).orElse(false);
      List<BillingStates.PlanChange> changes = BillingStates.changes(c, period);
      String planAtStart = changes.isEmpty() ? plan : changes.get(0).from();
      long fee = trial ? 0 : cents(limit(planAtStart).getMonthlyFee());
      long prorations = 0;
      for (BillingStates.PlanChange change : changes) {
        prorations += trial ? 0 : prorated(change, period);
      }
      long used = 0;
      long overageSessions = 0;
      long overage = 0;
      try (PreparedStatement select = c.prepareStatement("SELECT plan, count(*), count(*) FILTER (WHERE overage)"
          + " FROM usage_ledger WHERE period_start = ? GROUP BY plan")) {
        select.setTimestamp(1, Timestamp.from(period.start()));
        try (ResultSet r = select.executeQuery()) {
          while (r.next()) {
            used += r.getLong(2);
            overageSessions += r.getLong(3);
            overage += r.getLong(3) * cents(limit(r.getString(1)).getOveragePrice());
          }
        }
      }
      String problem = state.map(s -> s.paymentFailedAt() != null
          ? "A payment failed on " + s.paymentFailedAt().toString().substring(0, 10) + "; update the payment"
              + " method in the billing portal" + (s.pastDueSince() == null ? "" : " before new calls are refused")
          : "paused".equals(s.status()) ? "The trial has ended; add payment details to take calls again"
          : null).orElse(null);
      return new Statement(plan, state.map(BillingStates.State::status).orElse("none"), trial,
          state.map(BillingStates.State::trialEnd).orElse(null), period.start(), period.end(), tenant.currency(),
          money(fee), money(prorations), limit(plan).getIncludedSessions(), used, overageSessions, money(overage),
          money(fee + prorations + overage), problem, invoices(c));
    });
  }

  /** Stripe's proration of a fee change at {@code change.at()}: the part of the period left, on each price. */
  static long prorated(BillingStates.PlanChange change, BillingPeriod period, long fromFee, long toFee) {
    BigDecimal left = BigDecimal.valueOf(Duration.between(change.at(), period.end()).toSeconds()).divide(
        BigDecimal.valueOf(Duration.between(period.start(), period.end()).toSeconds()), 12, RoundingMode.HALF_UP);
    long credit = left.multiply(BigDecimal.valueOf(fromFee)).setScale(0, RoundingMode.HALF_UP).longValueExact();
    long charge = left.multiply(BigDecimal.valueOf(toFee)).setScale(0, RoundingMode.HALF_UP).longValueExact();
    return charge - credit;
  }

  private long prorated(BillingStates.PlanChange change, BillingPeriod period) {
    return prorated(change, period, cents(limit(change.from()).getMonthlyFee()),
        cents(limit(change.to()).getMonthlyFee()));
  }

  private static List<Invoice> invoices(java.sql.Connection c) throws java.sql.SQLException {
    List<Invoice> invoices = new ArrayList<>();
    try (ResultSet r = c.createStatement().executeQuery("SELECT invoice_id, number, status, currency, total,"
        + " amount_paid, period_start, period_end, hosted_url FROM billing_invoice WHERE status <> 'draft'"
        + " ORDER BY period_start DESC NULLS LAST, created_at DESC LIMIT 24")) {
      while (r.next()) {
        invoices.add(new Invoice(r.getString(1), r.getString(2), r.getString(3),
            r.getString(4).toUpperCase(Locale.ROOT), money(r.getLong(5)), money(r.getLong(6)),
            instant(r.getTimestamp(7)), instant(r.getTimestamp(8)), r.getString(9)));
      }
    }
    return invoices;
  }

  private PlanLimit limit(String plan) {
    return limits.named(plan);
  }

  private static long cents(BigDecimal amount) {
    return amount.movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  private static BigDecimal money(long cents) {
    return BigDecimal.valueOf(cents, 2);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
