package com.qastco.voice.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A real PostgreSQL server from Maven Central's embedded binaries, set up as production expects: database
 * {@code voice} owned by {@code voice_owner} (who runs the migrations) and a login role {@code voice_app} for
 * the runtime, which owns nothing and so stays under row-level security; migrated once it is up, by the runtime's
 * own migrations (passed in, since this module sits below the runtime). For the local run, the tests and the
 * benchmarks.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  public static final String OWNER = "voice_owner";
  public static final String APP = "voice_app";
  private static final String OWNER_PASSWORD = "local-owner";
  private static final String APP_PASSWORD = "local-app";

  private final EmbeddedPostgres postgres;
  private java.util.List<String> postmasterCommand;
  private java.nio.file.Path log;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Runs the schema's migrations as its owner, granting what the runtime's role may do. */
  @FunctionalInterface
  public interface Migrator {
    void migrate(String jdbcUrl, String owner, String password, String appRole);
  }

  public static EmbeddedPostgresServer start(Migrator migrator) {
    return start(migrator, Map.of());
  }

  /**
   * With server settings over the embedded defaults. Those defaults trade durability for speed
   * ({@code synchronous_commit=off}), which suits tests; a benchmark passes {@code synchronous_commit=on} to
   * measure what production acknowledges.
   */
  public static EmbeddedPostgresServer start(Migrator migrator, Map<String, String> serverConfig) {
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
      serverConfig.forEach(builder::setServerConfig);
      EmbeddedPostgres postgres = builder.start();
      try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE ROLE " + OWNER + " LOGIN PASSWORD '" + OWNER_PASSWORD + "'");
        s.execute("CREATE ROLE " + APP + " LOGIN PASSWORD '" + APP_PASSWORD + "' NOSUPERUSER NOBYPASSRLS");
        s.execute("CREATE DATABASE voice OWNER " + OWNER);
      }
      EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
      migrator.migrate(server.jdbcUrl(), OWNER, OWNER_PASSWORD, APP);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot prepare embedded PostgreSQL", e);
    }
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl(OWNER, "voice").replaceFirst("\\?.*$", "");
  }

  /** The runtime's datasource settings for this server. */
  public Map<String, Object> runtimeProperties() {
    return Map.of(
        "datasources.default.url", jdbcUrl(),
        "datasources.default.username", APP,
        "datasources.default.password", APP_PASSWORD);
  }

  /** A connection as the schema's owner, above row-level security: for setting up what no tenant may. */
  public Connection ownerConnection() throws SQLException {
    return java.sql.DriverManager.getConnection(jdbcUrl(), OWNER, OWNER_PASSWORD);
  }

  /** The server's superuser, for a benchmark's look at the server's own statistics (pg_stat_statements). */
  public Connection superuserConnection() throws SQLException {
    return postgres.getDatabase("postgres", "voice").getConnection();
  }

  /** Where the server listens on loopback, for tools run beside it (pgbench). */
  public int port() {
    return postgres.getPort();
  }

  /**
   * Kills the server as a crash would: SIGKILL to the postmaster and every backend at once, nothing flushed that
   * was not already. {@link #restart()} brings it back on the same port and data, through crash recovery. For the
   * tests of an outage.
   */
  public synchronized void crash() {
    ProcessHandle postmaster = postmaster();
    ProcessHandle.Info info = postmaster.info();
    postmasterCommand = new java.util.ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      // PostgreSQL refuses to run as root; the embedded server is started in a user namespace, and so is this.
      postmasterCommand.addAll(java.util.List.of("unshare", "-U"));
    }
    postmasterCommand.add(info.command().orElseThrow(() -> new IllegalStateException("postmaster command unknown")));
    postmasterCommand.addAll(java.util.List.of(info.arguments().orElseThrow()));
    java.util.List<ProcessHandle> all = new java.util.ArrayList<>(postmaster.descendants().toList());
    all.add(postmaster);
    all.forEach(ProcessHandle::destroyForcibly);
    all.forEach(p -> p.onExit().join());
  }

  /** Starts the postmaster {@link #crash()} killed, and waits until it takes connections (crash recovery done). */
  public synchronized void restart() {
    if (postmasterCommand == null) {
      throw new IllegalStateException("restart() follows crash()");
    }
    try {
      log = java.nio.file.Files.createTempFile("postgres-restart", ".log");
      new ProcessBuilder(postmasterCommand).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot restart PostgreSQL", e);
    }
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (Connection c = superuserConnection()) {
        return;
      } catch (SQLException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("PostgreSQL did not come back after a restart (" + postmasterCommand
              + "): " + readLog(), e);
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(interrupted);
        }
      }
    }
  }

  private String readLog() {
    try {
      return java.nio.file.Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private ProcessHandle postmaster() {
    try (Connection c = superuserConnection(); Statement s = c.createStatement();
         java.sql.ResultSet r = s.executeQuery("SHOW data_directory")) {
      r.next();
      long pid = Long.parseLong(java.nio.file.Files.readAllLines(java.nio.file.Path.of(r.getString(1),
          "postmaster.pid")).get(0).trim());
      return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no postmaster " + pid));
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("Cannot find the postmaster", e);
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
