package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.Locale;
import com.qastco.voice.runtime.web.Passwords;

/** A Business's owners: only its own, since the lookup runs inside the Business's row-level security. */
@Singleton
public class Owners {
  private final TenantDatabase database;

  public Owners(TenantDatabase database) {
    this.database = database;
  }

  public boolean check(Tenant tenant, String email, String password) {
    if (email == null) {
      return false;
    }
    String hash = database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT password_hash FROM owner_account WHERE email = ?")) {
        select.setString(1, email.trim().toLowerCase(Locale.ROOT));
        try (ResultSet r = select.executeQuery()) {
          return r.next() ? r.getString(1) : null;
        }
      }
    });
    return Passwords.matches(password, hash);
  }

  /** An owner for a Business made outside the portal (kubectl, GitOps): the platform operator sets it. */
  public void add(Tenant tenant, String email, String password) {
    database.inTenant(tenant.businessId(), c -> put(c, tenant.businessId(), email, password));
  }

  /** Makes {@code email} an owner with {@code password}, or gives the owner it is that password. */
  static int put(Connection c, UUID businessId, String email, String password) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO owner_account (business_id, email,"
        + " password_hash) VALUES (?, ?, ?) ON CONFLICT (business_id, email) DO UPDATE SET"
        + " password_hash = EXCLUDED.password_hash")) {
      insert.setObject(1, businessId);
      insert.setString(2, email.trim().toLowerCase(Locale.ROOT));
      insert.setString(3, Passwords.hash(password));
      return insert.executeUpdate();
    }
  }
}
