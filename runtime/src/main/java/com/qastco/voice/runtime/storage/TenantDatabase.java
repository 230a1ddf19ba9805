package com.qastco.voice.runtime.storage;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The only way the runtime reaches tenant data: one transaction per unit of work, with the tenant set inside
 * it ({@code set_config(..., true)} lasts until commit), so row-level security scopes every statement to one
 * Business and a pooled connection never carries a tenant over to the next user.
 */
@Singleton
public class TenantDatabase {
  private final DataSource dataSource;

  public TenantDatabase(@Named("default") DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Work on one connection inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  public <T> T inTenant(UUID businessId, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        try (PreparedStatement tenant = connection.prepareStatement("SELECT set_config('app.business_id', ?, true)")) {
          tenant.setString(1, businessId.toString());
          tenant.execute();
        }
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /** A transaction with no tenant: row-level security shows it nothing. For health checks and tests. */
  public <T> T withoutTenant(Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }
}
