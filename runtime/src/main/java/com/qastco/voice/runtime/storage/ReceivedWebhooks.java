package com.qastco.voice.runtime.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** The record of accepted webhook events: each id once per Business and source. */
public final class ReceivedWebhooks {
  private ReceivedWebhooks() {}

  public static boolean seen(Connection c, UUID business, String source, String eventId) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM webhook_event WHERE business_id = ?"
        + " AND source = ? AND event_id = ?")) {
      select.setObject(1, business);
      select.setString(2, source);
      select.setString(3, eventId);
      try (ResultSet r = select.executeQuery()) {
        return r.next();
      }
    }
  }

  /** Records the event; false when it was already recorded (by a duplicate delivery racing this one). */
  public static boolean record(Connection c, UUID business, String source, String eventId) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO webhook_event (business_id, source, event_id)"
        + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
      insert.setObject(1, business);
      insert.setString(2, source);
      insert.setString(3, eventId);
      return insert.executeUpdate() == 1;
    }
  }
}
