package com.qastco.voice.bench.runtime;

import com.qastco.voice.embedded.EmbeddedPostgresServer;
import com.qastco.voice.embedded.EmbeddedRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Round trips a unit of work costs, read from the servers' own statistics between a reset and a read:
 * pg_stat_statements (every statement of the runtime's role, BEGIN and COMMIT included) and Redis's INFO
 * commandstats. Background work in the window (the outbox poll, expiry sweeps) is counted too.
 */
final class StatementCounter {
  record PerCall(double statements, double transactions, double redisCommands) {}

  private final EmbeddedPostgresServer postgres;
  private final StatefulRedisConnection<String, String> redis;
  private long transactionsAtReset;
  private long redisAtReset;

  StatementCounter(EmbeddedPostgresServer postgres, EmbeddedRedisServer redis) throws SQLException {
    this.postgres = postgres;
    this.redis = RedisClient.create(redis.uri()).connect();
    try (Connection c = postgres.superuserConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    }
  }

  void reset() throws SQLException {
    try (Connection c = postgres.superuserConnection(); Statement s = c.createStatement()) {
      s.execute("SELECT pg_stat_statements_reset()");
      transactionsAtReset = transactions(s);
    }
    redisAtReset = redisCommands();
  }

  PerCall perCall(int calls) throws SQLException, InterruptedException {
    Thread.sleep(1_500); // backends report their transaction counts at most once a second
    try (Connection c = postgres.superuserConnection(); Statement s = c.createStatement()) {
      long statements;
      try (ResultSet r = s.executeQuery("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements"
          + " WHERE userid = (SELECT oid FROM pg_roles WHERE rolname = '" + EmbeddedPostgresServer.APP + "')")) {
        r.next();
        statements = r.getLong(1);
      }
      long transactions = transactions(s) - transactionsAtReset;
      // The INFO of the reset is not the runtime's.
      long redisCommands = redisCommands() - redisAtReset - 1;
      return new PerCall(statements / (double) calls, transactions / (double) calls,
          redisCommands / (double) calls);
    }
  }

  private static long transactions(Statement s) throws SQLException {
    // Statistics are flushed by each backend now and then; ask for this backend's view to be fresh.
    s.execute("SELECT pg_stat_clear_snapshot()");
    try (ResultSet r = s.executeQuery("SELECT xact_commit + xact_rollback FROM pg_stat_database"
        + " WHERE datname = 'voice'")) {
      r.next();
      return r.getLong(1);
    }
  }

  private long redisCommands() {
    long total = 0;
    for (String line : redis.sync().info("commandstats").split("\r?\n")) {
      int at = line.indexOf("calls=");
      if (line.startsWith("cmdstat_") && at > 0) {
        total += Long.parseLong(line.substring(at + 6, line.indexOf(',', at)));
      }
    }
    return total;
  }
}
