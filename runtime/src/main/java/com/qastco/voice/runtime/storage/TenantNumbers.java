package com.qastco.voice.runtime.storage;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A Business's next order or ticket number, taken in a transaction of its own on a pool of its own
 * ({@code datasources.numbers}), so the tenant transaction that uses it holds no lock on the counter while it
 * writes and commits. A number is never given twice; one whose order then fails is a gap.
 *
 * <p>The pool's connections commit without waiting for the disk ({@code synchronous_commit=off}): the order that
 * uses a number commits durably after it, and PostgreSQL makes the log durable in order, so a number can be lost
 * in a crash only if no order was committed with it. Its own pool, not the default one: a tool holding a default
 * connection while waiting for a second could starve it.
 */
@Singleton
public class TenantNumbers {
  /** What is numbered per Business. */
  public enum Kind {
    ORDER("order"), TICKET("ticket");

    private final String column;

    Kind(String column) {
      this.column = column;
    }
  }

  private final DataSource numbers;

  public TenantNumbers(@Named("numbers") DataSource numbers) {
    this.numbers = numbers;
  }

  public long next(UUID businessId, Kind kind) {
    try (Connection c = numbers.getConnection();
         PreparedStatement next = c.prepareStatement("SELECT next_number(?, ?)")) {
      next.setObject(1, businessId);
      next.setString(2, kind.column);
      try (ResultSet r = next.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }
}
