package com.qastco.voice.runtime.activity;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.api.Page;
import com.qastco.voice.runtime.storage.Listing;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A Business's orders as its owner and its API see them, and the one place their status moves along. */
@Singleton
public class OrderRepository {
  private static final Listing LISTING = new Listing("orders", "created_at",
      Set.of("placed", "preparing", "ready", "completed", "cancelled"));
  private static final Map<String, Set<String>> NEXT = Map.of(
      "placed", Set.of("preparing", "ready", "completed", "cancelled"),
      "preparing", Set.of("ready", "completed", "cancelled"),
      "ready", Set.of("completed", "cancelled"),
      "completed", Set.of(),
      "cancelled", Set.of());
  private static final String COLUMNS = "id, number, status, total, currency, notes, created_at, session_id";
  private final TenantDatabase database;

  public OrderRepository(TenantDatabase database) {
    this.database = database;
  }

  @Serdeable
  public record Line(String name, int quantity, BigDecimal unitPrice, BigDecimal lineTotal) {}

  @Serdeable
  public record Order(UUID id, long number, String status, BigDecimal total, String currency, String notes,
                      Instant createdAt, UUID sessionId, List<Line> items) {}

  public Page<Order> list(Tenant tenant, Listing.Filter filter) {
    return database.inTenant(tenant.businessId(), c -> LISTING.page(c, COLUMNS, filter, r -> read(c, r)));
  }

  public Order get(Tenant tenant, long number) {
    return database.inTenant(tenant.businessId(), c -> find(c, number)).orElseThrow(() -> notFound(number));
  }

  /** Placed → preparing → ready → completed, or cancelled before it is completed; never backwards. */
  public Order changeStatus(Tenant tenant, long number, String status) {
    return database.inTenant(tenant.businessId(), c -> {
      Order order = find(c, number).orElseThrow(() -> notFound(number));
      if (!NEXT.containsKey(status)) {
        throw ApiException.badRequest("status must be one of placed, preparing, ready, completed, cancelled");
      }
      if (!NEXT.get(order.status()).contains(status)) {
        throw ApiException.conflict("Order " + number + " is " + order.status() + " and cannot become " + status);
      }
      try (PreparedStatement update = c.prepareStatement("UPDATE orders SET status = ?, updated_at = now()"
          + " WHERE number = ?")) {
        update.setString(1, status);
        update.setLong(2, number);
        update.executeUpdate();
      }
      return find(c, number).orElseThrow();
    });
  }

  private static Optional<Order> find(Connection c, long number) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM orders WHERE number = ?")) {
      select.setLong(1, number);
      return Listing.first(select, r -> read(c, r));
    }
  }

  private static Order read(Connection c, ResultSet r) throws SQLException {
    UUID id = r.getObject("id", UUID.class);
    List<Line> lines = new ArrayList<>();
    try (PreparedStatement items = c.prepareStatement("SELECT name, quantity, unit_price, line_total FROM order_item"
        + " WHERE order_id = ? ORDER BY name")) {
      items.setObject(1, id);
      try (ResultSet i = items.executeQuery()) {
        while (i.next()) {
          lines.add(new Line(i.getString(1), i.getInt(2), i.getBigDecimal(3), i.getBigDecimal(4)));
        }
      }
    }
    return new Order(id, r.getLong("number"), r.getString("status"), r.getBigDecimal("total"),
        r.getString("currency"), r.getString("notes"), r.getTimestamp("created_at").toInstant(),
        r.getObject("session_id", UUID.class), lines);
  }

  private static ApiException notFound(long number) {
    return ApiException.notFound("No order " + number);
  }
}
