package com.qastco.voice.runtime.storage;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
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
    return Failsafe.with(STALE_CONNECTION).get(() -> attempt(businessId, work));
  }

  /**
   * A pooled connection the server dropped (a failover, a restart) fails on its first statement, before any of the
   * work ran: that is the one failure safe to try again, on a fresh connection, whatever the work writes. The pool
   * discards the dead connection itself; a server that is still away fails the next attempt's wait for a
   * connection, which is not retried (the pool already waited its connection-timeout).
   */
  private static final RetryPolicy<Object> STALE_CONNECTION = RetryPolicy.builder()
      .handleIf(e -> e instanceof NotStarted).withMaxRetries(2).withDelay(Duration.ofMillis(50)).build();

  private static final class NotStarted extends DatabaseException {
    NotStarted(SQLException cause) {
      super(cause);
    }
  }

  private <T> T attempt(UUID businessId, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        try (PreparedStatement tenant = connection.prepareStatement("SELECT set_config('app.business_id', ?, true)")) {
          tenant.setString(1, businessId.toString());
          tenant.execute();
        } catch (SQLException e) {
          if (DatabaseException.unavailable(e)) {
            throw new NotStarted(e);
          }
          throw e;
        }
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (NotStarted e) {
        throw e; // nothing to roll back on a connection that is gone
      } catch (SQLException | RuntimeException e) {
        rollback(connection, e);
        throw e;
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /** A rollback on a connection that died is no news: the first failure is the one reported. */
  private static void rollback(Connection connection, Exception failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
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
