package com.qastco.voice.runtime.storage;

import java.sql.SQLException;

/** A database failure; {@link #sqlState()} tells constraint violations from outages. */
public class DatabaseException extends RuntimeException {
  public static final String UNIQUE_VIOLATION = "23505";
  public static final String EXCLUSION_VIOLATION = "23P01";
  public static final String CHECK_VIOLATION = "23514";

  public DatabaseException(SQLException cause) {
    super(cause.getMessage(), cause);
  }

  public String sqlState() {
    return ((SQLException) getCause()).getSQLState();
  }

  /**
   * Whether the server could not be reached or went away (a failover, a restart, the pool out of connections), as
   * opposed to a statement it refused: the request may simply be made again in a moment.
   */
  public boolean unavailable() {
    return unavailable((SQLException) getCause());
  }

  static boolean unavailable(SQLException e) {
    String state = e.getSQLState();
    return e instanceof java.sql.SQLTransientConnectionException || e instanceof java.sql.SQLRecoverableException
        || e instanceof java.sql.SQLNonTransientConnectionException
        // 08: connection exception; 57P01-03: the server shutting down or starting; 53300: too many connections.
        || state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"));
  }
}
