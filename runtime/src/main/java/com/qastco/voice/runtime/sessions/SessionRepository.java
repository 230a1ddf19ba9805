package com.qastco.voice.runtime.sessions;

import com.qastco.voice.runtime.storage.TenantDatabase;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Voice sessions of one tenant. */
@Singleton
public class SessionRepository {
  private final TenantDatabase database;

  public SessionRepository(TenantDatabase database) {
    this.database = database;
  }

  /** A phone session's Twilio call, the number it came from and the Business's number it called. */
  public record PhoneLeg(String callSid, String caller, String called) {}

  /** The session's Twilio call, when it is a phone call (a web or test session has none). */
  public static Optional<PhoneLeg> phoneLeg(Connection c, UUID sessionId) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT phone_call_sid, caller, called_number FROM voice_session"
        + " WHERE id = ? AND channel = 'phone' AND phone_call_sid IS NOT NULL")) {
      select.setObject(1, sessionId);
      try (ResultSet r = select.executeQuery()) {
        return r.next() ? Optional.of(new PhoneLeg(r.getString(1), r.getString(2), r.getString(3))) : Optional.empty();
      }
    }
  }

  /** A session as the tool endpoint needs it. */
  public record ToolSession(UUID id, String callId, String status) {}

  /**
   * @param phone Twilio's call for a phone session (what a hand-over redirects, the number a text is sent from),
   *     else null
   */
  public void create(UUID tenant, UUID id, String channel, String tokenHash, String caller,
                     SessionService.PhoneCall phone) {
    database.inTenant(tenant, c -> {
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO voice_session (id, business_id, channel,"
          + " status, tool_token_hash, caller, phone_call_sid, called_number) VALUES (?, ?, ?, 'created', ?, ?, ?, ?)")) {
        insert.setObject(1, id);
        insert.setObject(2, tenant);
        insert.setString(3, channel);
        insert.setString(4, tokenHash);
        insert.setString(5, caller);
        insert.setString(6, phone == null ? null : phone.callSid());
        insert.setString(7, phone == null ? null : phone.called());
        return insert.executeUpdate();
      }
    });
  }

  public void attachCall(UUID tenant, UUID id, String callId) {
    database.inTenant(tenant, c -> {
      try (PreparedStatement update = c.prepareStatement("UPDATE voice_session SET call_id = ? WHERE id = ?")) {
        update.setString(1, callId);
        update.setObject(2, id);
        return update.executeUpdate();
      }
    });
  }

  /** Removes a session whose call never started, so nothing half-made stays behind. */
  public void discard(UUID tenant, UUID id) {
    database.inTenant(tenant, c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM voice_session WHERE id = ?"
          + " AND call_id IS NULL")) {
        delete.setObject(1, id);
        return delete.executeUpdate();
      }
    });
  }

  /** The session a call's tool token belongs to, read inside the tool's own transaction. */
  public static Optional<ToolSession> byToolToken(Connection c, String tokenHash) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT id, call_id, status FROM voice_session"
        + " WHERE tool_token_hash = ?")) {
      select.setString(1, tokenHash);
      try (ResultSet r = select.executeQuery()) {
        return r.next() ? Optional.of(new ToolSession(r.getObject(1, UUID.class), r.getString(2), r.getString(3)))
            : Optional.empty();
      }
    }
  }

  /** A tool call is proof that the caller joined; the first one moves the session to joined. */
  public static void markJoined(Connection c, UUID sessionId) throws SQLException {
    try (PreparedStatement update = c.prepareStatement("UPDATE voice_session SET status = 'joined',"
        + " joined_at = now() WHERE id = ? AND status = 'created'")) {
      update.setObject(1, sessionId);
      update.executeUpdate();
    }
  }

  /** Sessions created before {@code cutoff} that never joined become expired; returns their ids. */
  public java.util.List<UUID> expireUnjoined(UUID tenant, java.time.Instant cutoff) {
    return database.inTenant(tenant, c -> {
      try (PreparedStatement update = c.prepareStatement("UPDATE voice_session SET status = 'expired',"
          + " ended_at = now(), end_reason = 'unjoined' WHERE status = 'created' AND created_at < ? RETURNING id")) {
        update.setTimestamp(1, java.sql.Timestamp.from(cutoff));
        java.util.List<UUID> ids = new java.util.ArrayList<>();
        try (ResultSet r = update.executeQuery()) {
          while (r.next()) {
            ids.add(r.getObject(1, UUID.class));
          }
        }
        return ids;
      }
    });
  }

  /**
   * The call of a session joined. Joining never moves a session back: an ended session only learns when it was
   * joined. {@code callId} binds the event to the session's own call (or attaches it, if the event came first).
   */
  public void callJoined(Connection c, UUID session, String callId, Instant joinedAt) throws SQLException {
    try (PreparedStatement update = c.prepareStatement("UPDATE voice_session SET"
        + " status = CASE WHEN status = 'created' THEN 'joined' ELSE status END,"
        + " joined_at = coalesce(joined_at, ?), call_id = coalesce(call_id, ?)"
        + " WHERE id = ? AND (call_id = ? OR call_id IS NULL)")) {
      update.setTimestamp(1, Timestamp.from(joinedAt));
      update.setString(2, callId);
      update.setObject(3, session);
      update.setString(4, callId);
      update.executeUpdate();
    }
  }

  /** How a session ended: {@code expired} when the caller never joined (it then does not count for the month). */
  public record Ended(String status) {}

  /**
   * The call of a session ended; only the first end of a live session changes it (empty for a repeat, or for a
   * session that is not this call's).
   */
  public Optional<Ended> callEnded(Connection c, UUID session, String callId, Instant joinedAt, Instant endedAt,
                                   String endReason) throws SQLException {
    try (PreparedStatement update = c.prepareStatement("UPDATE voice_session SET"
        + " status = CASE WHEN ? = 'unjoined' THEN 'expired' ELSE 'ended' END,"
        + " joined_at = coalesce(joined_at, ?), ended_at = ?, end_reason = ?, call_id = coalesce(call_id, ?)"
        + " WHERE id = ? AND (call_id = ? OR call_id IS NULL) AND status IN ('created', 'joined')"
        + " RETURNING status")) {
      update.setString(1, endReason);
      update.setTimestamp(2, joinedAt == null ? null : Timestamp.from(joinedAt));
      update.setTimestamp(3, Timestamp.from(endedAt));
      update.setString(4, endReason);
      update.setString(5, callId);
      update.setObject(6, session);
      update.setString(7, callId);
      try (ResultSet r = update.executeQuery()) {
        return r.next() ? Optional.of(new Ended(r.getString(1))) : Optional.empty();
      }
    }
  }

  /** Sessions counted in a billing period (all but those nobody joined): what the Redis counter is rebuilt from. */
  public long countedIn(UUID tenant, com.qastco.voice.runtime.billing.BillingPeriod period) {
    return database.inTenant(tenant, c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT count(*) FROM voice_session WHERE status <> 'expired'"
          + " AND channel <> 'test' AND created_at >= ? AND created_at < ?")) {
        select.setTimestamp(1, Timestamp.from(period.start()));
        select.setTimestamp(2, Timestamp.from(period.end()));
        try (ResultSet r = select.executeQuery()) {
          r.next();
          return r.getLong(1);
        }
      }
    });
  }

  /** The transcript, once: a later copy of the same call's messages changes nothing. */
  public void storeTranscript(Connection c, UUID session, String callId, String transcriptJson) throws SQLException {
    try (PreparedStatement update = c.prepareStatement("UPDATE voice_session SET transcript = ?::jsonb"
        + " WHERE id = ? AND call_id = ? AND transcript IS NULL")) {
      update.setString(1, transcriptJson);
      update.setObject(2, session);
      update.setString(3, callId);
      update.executeUpdate();
    }
  }

  public void callBilled(Connection c, UUID session, String callId, java.math.BigDecimal seconds,
                         String billingStatus) throws SQLException {
    // The session and its ledger line (when billing made one) in one statement.
    try (PreparedStatement update = c.prepareStatement("WITH session AS (UPDATE voice_session SET"
        + " billed_seconds = ?, billing_status = ? WHERE id = ? AND call_id = ?)"
        + " UPDATE usage_ledger SET billed_seconds = ? WHERE call_id = ?")) {
      update.setBigDecimal(1, seconds);
      update.setString(2, billingStatus);
      update.setObject(3, session);
      update.setString(4, callId);
      update.setBigDecimal(5, seconds);
      update.setString(6, callId);
      update.executeUpdate();
    }
  }

  public boolean exists(UUID tenant, UUID id) {
    return database.inTenant(tenant, c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM voice_session WHERE id = ?")) {
        select.setObject(1, id);
        try (ResultSet r = select.executeQuery()) {
          return r.next();
        }
      }
    });
  }

  public long count(UUID tenant) {
    return database.inTenant(tenant, c -> {
      try (ResultSet r = c.createStatement().executeQuery("SELECT count(*) FROM voice_session")) {
        r.next();
        return r.getLong(1);
      }
    });
  }
}
