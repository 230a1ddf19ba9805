package com.qastco.voice.runtime.billing;

import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.webhooks.WebhookEvents;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Each Business's subscription state, written by Stripe's webhooks, read when a session starts. */
@Singleton
public class BillingStates {
  private final TenantDatabase database;

  public BillingStates(TenantDatabase database) {
    this.database = database;
  }

  /** @param pastDueSince when the subscription fell past due; empty while it is not */
  public record State(String subscriptionId, String status, Optional<Instant> pastDueSince) {}

  /**
   * Records a Stripe event once (false when it was seen before) and, with it, the subscription's state as Stripe
   * holds it now. Past due keeps its first date across events, so the grace period cannot be reset by a retry.
   */
  public boolean apply(UUID business, String eventId, String subscriptionId, String status) {
    return database.inTenant(business, c -> {
      if (!WebhookEvents.record(c, business, "stripe", eventId)) {
        return false;
      }
      try (PreparedStatement upsert = c.prepareStatement("INSERT INTO business_billing (business_id,"
          + " subscription_id, status, past_due_since) VALUES (?, ?, ?, CASE WHEN ? THEN now() END)"
          + " ON CONFLICT (business_id) DO UPDATE SET subscription_id = EXCLUDED.subscription_id,"
          + " status = EXCLUDED.status, updated_at = now(), past_due_since = CASE WHEN EXCLUDED.status IN"
          + " ('past_due', 'unpaid') THEN coalesce(business_billing.past_due_since, now()) END")) {
        upsert.setObject(1, business);
        upsert.setString(2, subscriptionId);
        upsert.setString(3, status);
        upsert.setBoolean(4, status.equals("past_due") || status.equals("unpaid"));
        upsert.executeUpdate();
      }
      return true;
    });
  }

  public Optional<State> of(UUID business) {
    return database.inTenant(business, c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT subscription_id, status, past_due_since"
          + " FROM business_billing")) {
        try (ResultSet r = select.executeQuery()) {
          if (!r.next()) {
            return Optional.empty();
          }
          Timestamp since = r.getTimestamp(3);
          return Optional.of(new State(r.getString(1), r.getString(2),
              Optional.ofNullable(since).map(Timestamp::toInstant)));
        }
      }
    });
  }
}
