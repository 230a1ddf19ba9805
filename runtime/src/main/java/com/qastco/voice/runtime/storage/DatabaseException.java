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
}
