package com.qastco.voice.runtime.activity;

import com.qastco.voice.runtime.storage.Listing;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.api.Page;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import io.swagger.v3.oas.annotations.Parameter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.validation.Validated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The tenant's orders: listed, read, and moved along (placed → preparing → ready → completed, or cancelled). */
@Controller("/api/v1/orders")
@Validated
public class OrdersController {
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

  public OrdersController(TenantDatabase database) {
    this.database = database;
  }

  @Serdeable
  public record Line(String name, int quantity, BigDecimal unitPrice, BigDecimal lineTotal) {}

  @Serdeable
  public record Order(UUID id, long number, String status, BigDecimal total, String currency, String notes,
                      Instant createdAt, UUID sessionId, List<Line> items) {}

  @Serdeable
  public record StatusChange(@NotBlank String status) {}

  @Get
  public Page<Order> list(@Parameter(hidden = true) Tenant tenant, @QueryValue @Nullable String status, @QueryValue @Nullable String from,
                          @QueryValue @Nullable String to, @QueryValue(defaultValue = "50") @Min(1) @Max(200) int limit,
                          @QueryValue(defaultValue = "0") @Min(0) int offset) {
    return database.inTenant(tenant.businessId(), c -> LISTING.page(c, COLUMNS,
        new Listing.Filter(status, from, to, limit, offset), r -> read(c, r)));
  }

  @Get("/{number}")
  public Order get(@Parameter(hidden = true) Tenant tenant, long number) {
    return database.inTenant(tenant.businessId(), c -> find(c, number)).orElseThrow(() -> notFound(number));
  }

  @Patch("/{number}")
  public Order changeStatus(@Parameter(hidden = true) Tenant tenant, long number, @Body @Valid StatusChange change) {
    return database.inTenant(tenant.businessId(), c -> {
      Order order = find(c, number).orElseThrow(() -> notFound(number));
      if (!NEXT.containsKey(change.status())) {
        throw ApiException.badRequest("status must be one of placed, preparing, ready, completed, cancelled");
      }
      if (!NEXT.get(order.status()).contains(change.status())) {
        throw ApiException.conflict("Order " + number + " is " + order.status() + " and cannot become "
            + change.status());
      }
      try (PreparedStatement update = c.prepareStatement("UPDATE orders SET status = ?, updated_at = now()"
          + " WHERE number = ?")) {
        update.setString(1, change.status());
        update.setLong(2, number);
        update.executeUpdate();
      }
      return find(c, number).orElseThrow();
    });
  }

  private static java.util.Optional<Order> find(Connection c, long number) throws SQLException {
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
