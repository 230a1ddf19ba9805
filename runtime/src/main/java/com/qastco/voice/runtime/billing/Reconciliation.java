package com.qastco.voice.runtime.billing;

import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares, for each Business with a Stripe customer and its open period, the overage sessions in the ledger with
 * what Stripe's meter counted. Those still on their way (in the outbox, or dead letters) are told apart; any other
 * difference is reported: in the API, in the log, and as metrics (how many Businesses differ, by how many events
 * in all; no tenant in any tag).
 */
@Singleton
public class Reconciliation {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);
  private final TenantDirectory tenants;
  private final TenantDatabase database;
  private final StripeConfig stripe;
  private final Clock clock;
  private final AtomicLong differing = new AtomicLong();
  private final AtomicLong missing = new AtomicLong();

  public Reconciliation(TenantDirectory tenants, TenantDatabase database, StripeConfig stripe, Clock clock,
                        MeterRegistry meters) {
    this.tenants = tenants;
    this.database = database;
    this.stripe = stripe;
    this.clock = clock;
    meters.gauge("voice.billing.reconciliation.businesses.differing", differing);
    meters.gauge("voice.billing.reconciliation.events.differing", missing);
  }

  /**
   * @param inFlight overage sessions whose meter event is not delivered yet (pending, or a dead letter)
   * @param difference {@code ledger - inFlight - stripe}: above 0, Stripe misses events; below, it has extra ones
   */
  @Serdeable
  public record Result(Instant periodStart, Instant periodEnd, long ledger, long inFlight, long stripe,
                       long difference, Instant checkedAt) {}

  @Scheduled(fixedDelay = "${voice.stripe.reconcile-interval:1h}", initialDelay = "1m")
  void scheduled() {
    if (stripe.meters()) {
      runAll();
    }
  }

  /** One round over every Business; returns the results that differ. */
  public List<Result> runAll() {
    List<Result> differences = new ArrayList<>();
    long events = 0;
    for (Tenant tenant : tenants.all()) {
      if (tenant.stripeCustomerId() == null) {
        continue;
      }
      try {
        Result result = run(tenant);
        if (result.difference() != 0) {
          differences.add(result);
          events += Math.abs(result.difference());
          LOG.warn("Billing of {} differs from Stripe's meter for the period from {}: ledger {}, in flight {},"
              + " Stripe {}", tenant.name(), result.periodStart(), result.ledger(), result.inFlight(),
              result.stripe());
        }
      } catch (ExternalSystemException e) {
        LOG.warn("Reconciliation of {} not done this round: {}", tenant.name(), e.getMessage());
      }
    }
    differing.set(differences.size());
    missing.set(events);
    return differences;
  }

  private record Ledger(BillingPeriod period, long overage, long inFlight) {}

  public Result run(Tenant tenant) {
    Instant now = clock.instant();
    // The period and the ledger's counts in one read; Stripe is asked outside any transaction.
    Ledger ledger = database.inTenant(tenant.businessId(), c -> {
      BillingPeriod period = BillingPeriod.containing(BillingStates.read(c), now);
      try (PreparedStatement select = c.prepareStatement("SELECT count(*), count(*) FILTER (WHERE EXISTS"
          + " (SELECT 1 FROM outbox o WHERE o.subject_id = l.session_id AND o.destination = 'stripe'"
          + " AND o.status <> 'delivered')) FROM usage_ledger l WHERE l.overage AND l.period_start = ?")) {
        select.setTimestamp(1, Timestamp.from(period.start()));
        try (ResultSet r = select.executeQuery()) {
          r.next();
          return new Ledger(period, r.getLong(1), r.getLong(2));
        }
      }
    });
    BillingPeriod period = ledger.period();
    long counted = stripe.client().meterTotal(stripe.getOverageMeter(), tenant.stripeCustomerId(), period.start(),
        period.end());
    Result result = new Result(period.start(), period.end(), ledger.overage(), ledger.inFlight(), counted,
        ledger.overage() - ledger.inFlight() - counted, now);
    database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement upsert = c.prepareStatement("INSERT INTO billing_reconciliation (business_id,"
          + " period_start, period_end, ledger, in_flight, stripe, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT"
          + " (business_id, period_start) DO UPDATE SET ledger = EXCLUDED.ledger, in_flight = EXCLUDED.in_flight,"
          + " stripe = EXCLUDED.stripe, checked_at = EXCLUDED.checked_at")) {
        upsert.setObject(1, tenant.businessId());
        upsert.setTimestamp(2, Timestamp.from(period.start()));
        upsert.setTimestamp(3, Timestamp.from(period.end()));
        upsert.setLong(4, result.ledger());
        upsert.setLong(5, result.inFlight());
        upsert.setLong(6, result.stripe());
        upsert.setTimestamp(7, Timestamp.from(now));
        return upsert.executeUpdate();
      }
    });
    return result;
  }

  /** The stored results, newest period first. */
  public List<Result> results(Tenant tenant) {
    return database.inTenant(tenant.businessId(), c -> {
      List<Result> results = new ArrayList<>();
      try (ResultSet r = c.createStatement().executeQuery("SELECT period_start, period_end, ledger, in_flight,"
          + " stripe, checked_at FROM billing_reconciliation ORDER BY period_start DESC LIMIT 12")) {
        while (r.next()) {
          results.add(new Result(r.getTimestamp(1).toInstant(), r.getTimestamp(2).toInstant(), r.getLong(3),
              r.getLong(4), r.getLong(5), r.getLong(3) - r.getLong(4) - r.getLong(5), r.getTimestamp(6).toInstant()));
        }
      }
      return results;
    });
  }
}
