package com.qastco.voice.runtime.sessions;

import com.qastco.voice.runtime.storage.TenantDatabase;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.UUID;

/** Voice sessions of one tenant. */
@Singleton
public class SessionRepository {
  private final TenantDatabase database;

  public SessionRepository(TenantDatabase database) {
    this.database = database;
  }

  /** A session as the tool endpoint needs it. */
  public record ToolSession(UUID id, String callId, String status) {}

  public void create(UUID tenant, UUID id, String channel, String tokenHash, String caller) {
    database.inTenant(tenant, c -> {
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO voice_session (id, business_id, channel,"
          + " status, tool_token_hash, caller) VALUES (?, ?, ?, 'created', ?, ?)")) {
        insert.setObject(1, id);
        insert.setObject(2, tenant);
        insert.setString(3, channel);
        insert.setString(4, tokenHash);
        insert.setString(5, caller);
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

  public Optional<ToolSession> byToolToken(UUID tenant, String tokenHash) {
    return database.inTenant(tenant, c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT id, call_id, status FROM voice_session"
          + " WHERE tool_token_hash = ?")) {
        select.setString(1, tokenHash);
        try (ResultSet r = select.executeQuery()) {
          return r.next() ? Optional.of(new ToolSession(r.getObject(1, UUID.class), r.getString(2), r.getString(3)))
              : Optional.empty();
        }
      }
    });
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

  public long count(UUID tenant) {
    return database.inTenant(tenant, c -> {
      try (ResultSet r = c.createStatement().executeQuery("SELECT count(*) FROM voice_session")) {
        r.next();
        return r.getLong(1);
      }
    });
  }
}
