package com.qastco.voice.runtime.tools;

import static com.qastco.voice.runtime.tools.ToolSupport.money;

import com.qastco.voice.integrations.agent.ToolPack;
import com.qastco.voice.runtime.catalog.CatalogItem;
import com.qastco.voice.runtime.catalog.CatalogKind;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.storage.TenantNumbers;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The restaurant pack: the menu, placing an order, an order's status. Prices always come from the catalog. */
@Singleton
public class RestaurantTools implements ToolHandlers {
  private final CatalogRepository catalog;
  private final ToolSupport support;

  public RestaurantTools(CatalogRepository catalog, ToolSupport support) {
    this.catalog = catalog;
    this.support = support;
  }

  @Override
  public List<ToolHandler> handlers() {
    return List.of(new ToolHandler(ToolPack.GET_MENU, this::menu),
        new ToolHandler(ToolPack.PLACE_ORDER, "order.placed", this::placeOrder),
        new ToolHandler(ToolPack.ORDER_STATUS, this::orderStatus));
  }

  /** A line of an order, priced from the catalog. */
  private record OrderLine(CatalogItem item, int quantity, BigDecimal lineTotal) {
    static OrderLine of(CatalogItem item, int quantity) {
      return new OrderLine(item, quantity,
          item.price().multiply(BigDecimal.valueOf(quantity)).setScale(2, RoundingMode.HALF_UP));
    }

    Map<String, Object> asPayload() {
      return Map.of("name", item.name(), "quantity", quantity, "unitPrice", money(item.price()),
          "lineTotal", money(lineTotal));
    }
  }

  private ToolAnswer menu(Connection c, ToolCall call, Map<String, Object> args) throws SQLException {
    Tenant tenant = call.tenant();
    List<CatalogItem> menu = catalog.available(c, CatalogKind.MENU_ITEM);
    if (menu.isEmpty()) {
      return ToolAnswer.refuse("The menu is not available right now.");
    }
    return ToolAnswer.ok("On the menu: " + menu.stream().map(i -> i.name() + " " + money(i.price()))
            .collect(Collectors.joining(", ")) + " (" + tenant.currency() + ").",
        Map.of("currency", tenant.currency(), "items", menu.stream().map(i -> Map.of(
            "name", i.name(), "price", money(i.price()),
            "description", i.description() == null ? "" : i.description())).toList()));
  }

  private ToolAnswer placeOrder(Connection c, ToolCall call, Map<String, Object> args) throws SQLException {
    Tenant tenant = call.tenant();
    List<CatalogItem> menu = catalog.available(c, CatalogKind.MENU_ITEM);
    Map<String, CatalogItem> byName = menu.stream()
        .collect(Collectors.toMap(i -> i.name().toLowerCase(Locale.ROOT), i -> i, (a, b) -> a));
    List<OrderLine> lines = new ArrayList<>();
    // The schema has checked the shape: a list of objects with a name and an integer quantity.
    for (Object entry : (List<?>) args.get("items")) {
      Map<?, ?> requested = (Map<?, ?>) entry;
      String name = requested.get("name").toString().trim();
      CatalogItem item = byName.get(name.toLowerCase(Locale.ROOT));
      if (item == null) {
        return ToolAnswer.refuse("We don't have " + name + "; we have "
            + menu.stream().map(CatalogItem::name).collect(Collectors.joining(", ")) + ".");
      }
      lines.add(OrderLine.of(item, ((Number) requested.get("quantity")).intValue()));
    }
    BigDecimal total = lines.stream().map(OrderLine::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
    UUID customer = ToolSupport.customer(c, tenant, args);
    UUID orderId = UUID.randomUUID();
    long number = support.nextNumber(tenant, TenantNumbers.Kind.ORDER);
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO orders (id, business_id, number, session_id,"
        + " customer_id, status, currency, total, notes) VALUES (?, ?, ?, ?, ?, 'placed', ?, ?, ?)")) {
      insert.setObject(1, orderId);
      insert.setObject(2, tenant.businessId());
      insert.setLong(3, number);
      insert.setObject(4, call.sessionId());
      insert.setObject(5, customer);
      insert.setString(6, tenant.currency());
      insert.setBigDecimal(7, total);
      insert.setString(8, (String) args.get("notes"));
      insert.executeUpdate();
    }
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO order_item (id, business_id, order_id,"
        + " catalog_item_id, name, quantity, unit_price, line_total) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (OrderLine line : lines) {
        insert.setObject(1, UUID.randomUUID());
        insert.setObject(2, tenant.businessId());
        insert.setObject(3, orderId);
        insert.setObject(4, line.item().id());
        insert.setString(5, line.item().name());
        insert.setInt(6, line.quantity());
        insert.setBigDecimal(7, line.item().price());
        insert.setBigDecimal(8, line.lineTotal());
        insert.addBatch();
      }
      insert.executeBatch();
    }
    List<Map<String, Object>> items = lines.stream().map(OrderLine::asPayload).toList();
    Map<String, Object> placed = new LinkedHashMap<>();
    placed.put("orderId", orderId.toString());
    placed.put("number", number);
    placed.put("status", "placed");
    placed.put("currency", tenant.currency());
    placed.put("total", money(total));
    placed.put("notes", args.get("notes"));
    placed.put("customer", ToolSupport.party(args));
    placed.put("items", items);
    placed.put("sessionId", call.session());
    support.deliver(c, call, "order.placed", orderId, placed);
    String summary = lines.stream().map(l -> l.quantity() + " " + l.item().name()).collect(Collectors.joining(", "));
    return ToolAnswer.ok("Order " + number + " is placed: " + summary + ". The total is " + money(total) + " "
        + tenant.currency() + ".", Map.of(
        "orderNumber", number,
        "total", money(total),
        "currency", tenant.currency(),
        "items", items));
  }

  private ToolAnswer orderStatus(Connection c, ToolCall call, Map<String, Object> args) throws SQLException {
    long number = ((Number) args.get("orderNumber")).longValue();
    try (PreparedStatement select = c.prepareStatement("SELECT status, total, currency FROM orders WHERE number = ?")) {
      select.setLong(1, number);
      try (ResultSet r = select.executeQuery()) {
        if (!r.next()) {
          return ToolAnswer.refuse("I can't find an order number " + number + ".");
        }
        String status = r.getString(1);
        return ToolAnswer.ok("Order " + number + " is " + status + ".", Map.of("orderNumber", number,
            "status", status, "total", money(r.getBigDecimal(2)), "currency", r.getString(3)));
      }
    }
  }
}
