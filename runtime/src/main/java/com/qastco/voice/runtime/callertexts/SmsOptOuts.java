package com.qastco.voice.runtime.callertexts;

import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Callers who asked a Business for no more texts (STOP to any of its numbers, or Twilio reporting them
 * unsubscribed): nothing is queued or sent to them until they text START.
 */
@Singleton
public class SmsOptOuts {
  private final TenantDatabase database;

  public SmsOptOuts(TenantDatabase database) {
    this.database = database;
  }

  /** Whether the caller opted out (in the caller's transaction). */
  static boolean optedOut(Connection c, String phone) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM sms_opt_out WHERE phone = ?")) {
      select.setString(1, phone);
      try (ResultSet r = select.executeQuery()) {
        return r.next();
      }
    }
  }

  boolean optedOut(Tenant tenant, String phone) {
    return database.inTenant(tenant.businessId(), c -> optedOut(c, phone));
  }

  void optOut(Tenant tenant, String phone, String keyword) {
    database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO sms_opt_out (business_id, phone, keyword)"
          + " VALUES (?, ?, ?) ON CONFLICT (business_id, phone) DO NOTHING")) {
        insert.setObject(1, tenant.businessId());
        insert.setString(2, phone);
        insert.setString(3, keyword.length() > 20 ? keyword.substring(0, 20) : keyword);
        return insert.executeUpdate();
      }
    });
  }

  void optIn(Tenant tenant, String phone) {
    database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM sms_opt_out WHERE phone = ?")) {
        delete.setString(1, phone);
        return delete.executeUpdate();
      }
    });
  }
}
