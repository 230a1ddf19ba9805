package com.qastco.voice.runtime.billing;

import com.qastco.voice.runtime.outbox.Outbox;
import com.qastco.voice.runtime.plans.PlanLimit;
import com.qastco.voice.runtime.plans.PlanLimits;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The usage ledger: each joined session once (by call id), written in the transaction that closes it. Its period
 * is the billing period it was joined in; its place in that period, and so whether it is overage (past the plan's
 * included sessions, outside a trial), is decided once, under a lock per Business and period, and never changes.
 * An overage line queues its meter event for Stripe in the same transaction: nothing is left behind after a crash.
 */
@Singleton
public class UsageLedger {
  public static final String METER_EVENT = "usage.overage";
  private final PlanLimits limits;
  private final Outbox outbox;
  private final StripeConfig stripe;
  private final boolean enabled;

  public UsageLedger(PlanLimits limits, Outbox outbox, StripeConfig stripe, BillingConfig billing) {
    this.enabled = billing.isEnabled();
    this.limits = limits;
    this.outbox = outbox;
    this.stripe = stripe;
  }

  /** A line of the ledger, as written. */
  public record Line(UUID sessionId, String callId, BillingPeriod period, String plan, int position,
                     boolean overage) {}

  /**
   * Writes the session's line (a test session, one already in the ledger, or any with billing switched off,
   * {@code voice.billing.enabled: false}, writes nothing).
   */
  public Optional<Line> record(Connection c, Tenant tenant, UUID session) throws SQLException {
    if (!enabled) {
      return Optional.empty();
    }
    String callId;
    Instant joinedAt;
    try (PreparedStatement select = c.prepareStatement("SELECT call_id, coalesce(joined_at, created_at)"
        + " FROM voice_session WHERE id = ? AND channel <> 'test' AND call_id IS NOT NULL AND status = 'ended'")) {
      select.setObject(1, session);
      try (ResultSet r = select.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        callId = r.getString(1);
        joinedAt = r.getTimestamp(2).toInstant();
      }
    }
    Optional<BillingStates.State> state = BillingStates.read(c);
    BillingPeriod period = BillingPeriod.containing(state, joinedAt);
    String plan = state.map(BillingStates.State::plan).orElse(tenant.planName());
    boolean trial = state.map(s -> s.trialAt(joinedAt)).orElse(false);
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
      lock.setString(1, "ledger:" + tenant.businessId() + ":" + period.key());
      lock.execute();
    }
    int position;
    try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM usage_ledger WHERE period_start = ?")) {
      count.setTimestamp(1, Timestamp.from(period.start()));
      try (ResultSet r = count.executeQuery()) {
        r.next();
        position = r.getInt(1) + 1;
      }
    }
    PlanLimit limit = limits.named(plan);
    boolean overage = !trial && limit.getIncludedSessions() != null && position > limit.getIncludedSessions();
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO usage_ledger (business_id, call_id, session_id,"
        + " channel, period_start, period_end, plan, position, overage, joined_at, ended_at, billed_seconds)"
        + " SELECT business_id, call_id, id, channel, ?, ?, ?, ?, ?, ?, ended_at, billed_seconds"
        + " FROM voice_session WHERE id = ? ON CONFLICT DO NOTHING")) {
      insert.setTimestamp(1, Timestamp.from(period.start()));
      insert.setTimestamp(2, Timestamp.from(period.end()));
      insert.setString(3, plan);
      insert.setInt(4, position);
      insert.setBoolean(5, overage);
      insert.setTimestamp(6, Timestamp.from(joinedAt));
      insert.setObject(7, session);
      if (insert.executeUpdate() == 0) {
        return Optional.empty();
      }
    }
    if (overage && stripe.meters() && tenant.stripeCustomerId() != null) {
      Map<String, Object> event = new LinkedHashMap<>();
      // Stable across retries and redeliveries, under Stripe's 100 characters.
      event.put("identifier", tenant.businessId() + ":" + callId);
      event.put("customer", tenant.stripeCustomerId());
      event.put("eventName", stripe.getOverageEvent());
      event.put("timestamp", joinedAt.getEpochSecond());
      outbox.enqueueTo(c, tenant, StripeMeterDestination.NAME, METER_EVENT, session, event);
    }
    return Optional.of(new Line(session, callId, period, plan, position, overage));
  }
}
