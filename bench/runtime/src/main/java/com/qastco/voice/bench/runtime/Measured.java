package com.qastco.voice.bench.runtime;

import com.qastco.voice.embedded.EmbeddedPostgresServer;
import com.qastco.voice.runtime.storage.TenantDatabase;
import java.util.Arrays;
import java.util.Map;

/** What the single-query benchmarks share: the runtime's door to tenant data over a pool, and percentiles. */
final class Measured {
  private Measured() {}

  /** A pool, as the runtime has: a connection per query would measure PostgreSQL's process start instead. */
  static TenantDatabase database(EmbeddedPostgresServer postgres) {
    Map<String, Object> props = postgres.runtimeProperties();
    com.zaxxer.hikari.HikariConfig pool = new com.zaxxer.hikari.HikariConfig();
    pool.setJdbcUrl(props.get("datasources.default.url").toString());
    pool.setUsername(props.get("datasources.default.username").toString());
    pool.setPassword(props.get("datasources.default.password").toString());
    pool.setMaximumPoolSize(4);
    return new TenantDatabase(new com.zaxxer.hikari.HikariDataSource(pool));
  }

  /** The p-th percentile of the durations, in milliseconds. */
  static double percentile(long[] nanos, int p) {
    long[] sorted = Arrays.copyOf(nanos, nanos.length);
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
  }
}
