package com.qastco.voice.runtime.storage;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The schema has every migration this runtime ships with ({@link Migrations} applied them, as its own Job): until
 * then the runtime is not ready, so a rollout waits for the migration and the previous version keeps serving. Read
 * as the runtime's own role (it may read the migration history, nothing more); once up it stays up, since a schema
 * never goes back.
 */
@Singleton
@Readiness
public class SchemaHealth extends AbstractHealthIndicator<Map<String, Object>> {
  private final Flyway flyway;
  private volatile boolean current;

  public SchemaHealth(DataSource dataSource) {
    this.flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load();
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    if (!current) {
      current = flyway.info().pending().length == 0;
    }
    healthStatus = current ? HealthStatus.UP : HealthStatus.DOWN;
    return Map.of();
  }

  @Override
  protected String getName() {
    return "schema";
  }
}
