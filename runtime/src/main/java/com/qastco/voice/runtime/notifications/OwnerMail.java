package com.qastco.voice.runtime.notifications;

import com.qastco.voice.runtime.outbox.Outbox;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/**
 * Queues a notice for a Business's owner once per occasion ({@code notice}, e.g. {@code payment_failed:in_123}), in
 * the caller's transaction: the {@code sent_notice} row and the outbox entry commit together, so a repeated Stripe
 * event or a second runtime seeing the same thing sends nothing more. Without mail, nothing is queued.
 */
@Singleton
public class OwnerMail {
  private final Outbox outbox;

  public OwnerMail(Outbox outbox) {
    this.outbox = outbox;
  }

  /** @return whether this call queued it (false: it was queued before) */
  public boolean once(Connection c, Tenant tenant, String notice, String event, UUID subjectId,
                      Map<String, Object> payload) throws SQLException {
    if (!firstTime(c, tenant, notice)) {
      return false;
    }
    outbox.enqueue(c, tenant, event, subjectId, payload);
    return true;
  }

  /** Records the occasion; false when it was recorded before (by this runtime or another). */
  public static boolean firstTime(Connection c, Tenant tenant, String notice) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO sent_notice (business_id, notice)"
        + " VALUES (?, ?) ON CONFLICT DO NOTHING")) {
      insert.setObject(1, tenant.businessId());
      insert.setString(2, notice.length() > 100 ? notice.substring(0, 100) : notice);
      return insert.executeUpdate() == 1;
    }
  }
}
