package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.runtime.billing.BillingStatement;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The overview's chart: sessions used so far this period, day by day (cumulative), against the plan's included
 * sessions. Drawn as SVG on the server: no chart script, nothing for the CSP to allow.
 */
@Singleton
public class UsageChart {
  static final int WIDTH = 600;
  static final int HEIGHT = 160;
  private final TenantDatabase database;
  private final java.time.Clock clock;

  public UsageChart(TenantDatabase database, java.time.Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** One bar a day: its left edge, width, height and top (SVG units), and what it says. */
  public record Bar(int x, int width, int height, int y, String label) {}

  /** @param limitY where the included sessions' line is drawn, or -1 for an unlimited plan */
  public record Chart(List<Bar> bars, int limitY, int width, int height, String summary) {}

  public Chart of(Tenant tenant, BillingStatement.Statement statement) {
    ZoneId zone = tenant.zone();
    LocalDate first = statement.periodStart().atZone(zone).toLocalDate();
    LocalDate last = statement.periodEnd().minus(Duration.ofSeconds(1)).atZone(zone).toLocalDate();
    Map<LocalDate, Long> perDay = database.inTenant(tenant.businessId(), c -> {
      Map<LocalDate, Long> days = new HashMap<>();
      try (PreparedStatement select = c.prepareStatement("SELECT (joined_at AT TIME ZONE ?)::date, count(*)"
          + " FROM usage_ledger WHERE period_start = ? GROUP BY 1")) {
        select.setString(1, zone.getId());
        select.setTimestamp(2, Timestamp.from(statement.periodStart()));
        try (ResultSet r = select.executeQuery()) {
          while (r.next()) {
            days.put(r.getObject(1, LocalDate.class), r.getLong(2));
          }
        }
      }
      return days;
    });
    int days = (int) Math.max(1, java.time.temporal.ChronoUnit.DAYS.between(first, last) + 1);
    Integer included = statement.includedSessions();
    long top = Math.max(1, Math.max(statement.usedSessions(), included == null ? 0 : included));
    int slot = WIDTH / days;
    List<Bar> bars = new ArrayList<>();
    long running = 0;
    LocalDate today = LocalDate.now(clock.withZone(zone));
    for (int i = 0; i < days; i++) {
      LocalDate day = first.plusDays(i);
      if (day.isAfter(today)) {
        break; // the days to come have no bar yet
      }
      running += perDay.getOrDefault(day, 0L);
      int height = (int) (running * HEIGHT / top);
      bars.add(new Bar(i * slot, Math.max(1, slot - 1), height, HEIGHT - height, day + ": " + running
          + " sessions so far"));
    }
    int limitY = included == null ? -1 : (int) (HEIGHT - (long) included * HEIGHT / top);
    String summary = statement.usedSessions() + (included == null ? " sessions this period (unlimited plan)"
        : " of " + included + " included sessions used this period");
    return new Chart(bars, limitY, WIDTH, HEIGHT, summary);
  }
}
