package com.qastco.voice.runtime.storage;

import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * The schema's migrations (classpath {@code db/migration}), run as the role that owns the schema. The runtime
 * itself never holds that role's password: in a cluster this runs as its own Job before the runtime rolls out
 * ({@code main}, from the environment); the local run and the tests call {@link #run} once on their server.
 */
public final class Migrations {
  private Migrations() {}

  /** @param appRole the runtime's login role, granted what it may do on each table (placeholder {@code approle}) */
  public static void run(String url, String owner, String password, String appRole) {
    Flyway.configure().dataSource(url, owner, password).locations("classpath:db/migration")
        .placeholders(Map.of("approle", appRole)).load().migrate();
  }

  public static void main(String[] args) {
    run(required("DATABASE_URL"), required("DATABASE_OWNER_USER"), required("DATABASE_OWNER_PASSWORD"),
        System.getenv().getOrDefault("DATABASE_APP_USER", "voice_app"));
  }

  private static String required(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is not set");
    }
    return value;
  }
}
