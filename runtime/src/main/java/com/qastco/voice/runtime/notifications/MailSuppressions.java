package com.qastco.voice.runtime.notifications;

import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Addresses of a Business that the mail server refused for good: no mail is queued or sent to them until the owner
 * resumes them (having fixed the address or the mailbox).
 */
@Singleton
public class MailSuppressions {
  private final TenantDatabase database;

  public MailSuppressions(TenantDatabase database) {
    this.database = database;
  }

  @Serdeable
  public record Suppression(String address, String reason, Instant since) {}

  static String normal(String address) {
    return address.strip().toLowerCase(Locale.ROOT);
  }

  /** Which of these addresses are stopped (in the caller's transaction). */
  static Set<String> among(Connection c, List<String> addresses) throws SQLException {
    if (addresses.isEmpty()) {
      return Set.of();
    }
    try (PreparedStatement select = c.prepareStatement("SELECT address FROM mail_suppression"
        + " WHERE address = ANY (?)")) {
      select.setArray(1, c.createArrayOf("text", addresses.toArray()));
      Set<String> stopped = new HashSet<>();
      try (ResultSet r = select.executeQuery()) {
        while (r.next()) {
          stopped.add(r.getString(1));
        }
      }
      return stopped;
    }
  }

  boolean suppressed(Tenant tenant, String address) {
    return database.inTenant(tenant.businessId(), c -> !among(c, List.of(normal(address))).isEmpty());
  }

  void suppress(Tenant tenant, String address, String reason) {
    database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO mail_suppression (business_id, address, reason)"
          + " VALUES (?, ?, ?) ON CONFLICT (business_id, address) DO UPDATE SET reason = excluded.reason")) {
        insert.setObject(1, tenant.businessId());
        insert.setString(2, normal(address));
        insert.setString(3, reason.length() > 500 ? reason.substring(0, 499) + "…" : reason);
        return insert.executeUpdate();
      }
    });
  }

  public List<Suppression> list(Tenant tenant) {
    return database.inTenant(tenant.businessId(), c -> {
      List<Suppression> all = new ArrayList<>();
      try (ResultSet r = c.createStatement().executeQuery("SELECT address, reason, created_at FROM mail_suppression"
          + " ORDER BY created_at DESC LIMIT 100")) {
        while (r.next()) {
          all.add(new Suppression(r.getString(1), r.getString(2), r.getTimestamp(3).toInstant()));
        }
      }
      return all;
    });
  }

  /** Mail goes to the address again; false when it was not stopped. */
  public boolean resume(Tenant tenant, String address) {
    return database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM mail_suppression WHERE address = ?")) {
        delete.setString(1, normal(address));
        return delete.executeUpdate() > 0;
      }
    });
  }
}
