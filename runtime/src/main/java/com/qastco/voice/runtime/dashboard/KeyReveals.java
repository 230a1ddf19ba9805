package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** Whether the keys of a rotation have been shown to the owner: once, and never again. */
@Singleton
public class KeyReveals {
  private final TenantDatabase database;

  public KeyReveals(TenantDatabase database) {
    this.database = database;
  }

  public boolean shown(Tenant tenant, String rotation) {
    return database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM key_reveal WHERE rotation = ?")) {
        select.setString(1, rotation);
        try (ResultSet r = select.executeQuery()) {
          return r.next();
        }
      }
    });
  }

  /** True only for the first caller: the one who may see the keys. */
  public boolean take(Tenant tenant, String rotation) {
    return database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO key_reveal (business_id, rotation)"
          + " VALUES (?, ?) ON CONFLICT DO NOTHING")) {
        insert.setObject(1, tenant.businessId());
        insert.setString(2, rotation);
        return insert.executeUpdate() == 1;
      }
    });
  }
}
