package com.qastco.voice.runtime.offboarding;

import com.qastco.voice.runtime.storage.TenantDatabase;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

/**
 * Everything the platform's database holds of one Business, removed a batch at a time: its rows in every tenant
 * table, by the database's {@code purge_business_batch}, one short transaction per batch. (Its Redis keys, live
 * state only, go with its Redis user, whatever the policy: the operator's Redis part.)
 */
@Singleton
class RecordsPurge {
  static final int BATCH = 1000;
  private final TenantDatabase database;

  RecordsPurge(TenantDatabase database) {
    this.database = database;
  }

  /** Rows deleted; the sign-up that made the Business (by namespace and name) goes too. */
  long database(UUID businessId, String namespace, String name) {
    long total = 0;
    while (true) {
      long deleted = database.withoutTenant(c -> {
        try (PreparedStatement batch = c.prepareStatement("SELECT purge_business_batch(?, ?, ?, ?)")) {
          batch.setObject(1, businessId);
          batch.setString(2, namespace);
          batch.setString(3, name);
          batch.setInt(4, BATCH);
          try (ResultSet r = batch.executeQuery()) {
            r.next();
            return r.getLong(1);
          }
        }
      });
      if (deleted == 0) {
        return total;
      }
      total += deleted;
    }
  }
}
