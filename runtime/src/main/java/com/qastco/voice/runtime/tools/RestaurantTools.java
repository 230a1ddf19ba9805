package com.qastco.voice.runtime.tools;

import com.qastco.voice.runtime.catalog.CatalogItem;
import com.qastco.voice.runtime.catalog.CatalogKind;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.outbox.Outbox;
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
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** The restaurant pack: the menu, placing an order, an order's status. Prices always come from the catalog. */
@Singleton
public class RestaurantTools {
  private final CatalogRepository catalog;
  private final Outbox outbox;

  public RestaurantTools(CatalogRepository catalog, Outbox outbox) {
    this.catalog = catalog;
    this.outbox = outbox;
  }

  public List<ToolHandler> handlers() {
    return List.of(new ToolHandler("get_menu", this::menu), new ToolHandler("place_order", this::placeOrder),
        new ToolHandler("order_status", this::orderStatus));
  }

  private ToolAnswer menu(Connection c, Tenant tenant, UUID session, Map<String, Object> args) throws SQLException {
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

  @SuppressWarnings("unchecked")
  private ToolAnswer placeOrder(Connection c, Tenant tenant, UUID session, Map<String, Object> args)
      throws SQLException {
    List<CatalogItem> menu = catalog.available(c, CatalogKind.MENU_ITEM);
    Map<String, CatalogItem> byName = menu.stream()
        .collect(Collectors.toMap(i -> i.name().toLowerCase(Locale.ROOT), i -> i, (a, b) -> a));
    List<Map<String, Object>> lines = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    for (Map<String, Object> requested : (List<Map<String, Object>>) args.get("items")) {
      String name = requested.get("name").toString().trim();
      CatalogItem item = byName.get(name.toLowerCase(Locale.ROOT));
      if (item == null) {
        return ToolAnswer.refuse("We don't have " + name + "; we have "
            + menu.stream().map(CatalogItem::name).collect(Collectors.joining(", ")) + ".");
      }
      int quantity = ((Number) requested.get("quantity")).intValue();
      BigDecimal lineTotal = item.price().multiply(BigDecimal.valueOf(quantity)).setScale(2, RoundingMode.HALF_UP);
      total = total.add(lineTotal);
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("item", item);
      line.put("quantity", quantity);
      line.put("lineTotal", lineTotal);
      lines.add(line);
    }
    UUID customer = customer(c, tenant, (String) args.get("customerName"), (String) args.get("customerPhone"));
    UUID orderId = UUID.randomUUID();
    long number = nextNumber(c, "orders"); // last: the lock serialises this tenant's orders until commit
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO orders (id, business_id, number, session_id,"
        + " customer_id, status, currency, total, notes) VALUES (?, ?, ?, ?, ?, 'placed', ?, ?, ?)")) {
      insert.setObject(1, orderId);
      insert.setObject(2, tenant.businessId());
      insert.setLong(3, number);
      insert.setObject(4, session);
      insert.setObject(5, customer);
      insert.setString(6, tenant.currency());
      insert.setBigDecimal(7, total);
      insert.setString(8, (String) args.get("notes"));
      insert.executeUpdate();
    }
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO order_item (id, business_id, order_id,"
        + " catalog_item_id, name, quantity, unit_price, line_total) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Map<String, Object> line : lines) {
        CatalogItem item = (CatalogItem) line.get("item");
        insert.setObject(1, UUID.randomUUID());
        insert.setObject(2, tenant.businessId());
        insert.setObject(3, orderId);
        insert.setObject(4, item.id());
        insert.setString(5, item.name());
        insert.setInt(6, (Integer) line.get("quantity"));
        insert.setBigDecimal(7, item.price());
        insert.setBigDecimal(8, (BigDecimal) line.get("lineTotal"));
        insert.addBatch();
      }
      insert.executeBatch();
    }
    List<Map<String, Object>> items = lines.stream().map(l -> Map.<String, Object>of(
        "name", ((CatalogItem) l.get("item")).name(), "quantity", l.get("quantity"),
        "unitPrice", money(((CatalogItem) l.get("item")).price()), "lineTotal", money((BigDecimal) l.get("lineTotal"))))
        .toList();
    Map<String, Object> placed = new LinkedHashMap<>();
    placed.put("orderId", orderId.toString());
    placed.put("number", number);
    placed.put("status", "placed");
    placed.put("currency", tenant.currency());
    placed.put("total", money(total));
    placed.put("notes", args.get("notes"));
    placed.put("customer", party(args));
    placed.put("items", items);
    placed.put("sessionId", session == null ? null : session.toString());
    outbox.enqueue(c, tenant, "order.placed", orderId, placed);
    String summary = lines.stream().map(l -> l.get("quantity") + " " + ((CatalogItem) l.get("item")).name())
        .collect(Collectors.joining(", "));
    return ToolAnswer.ok("Order " + number + " is placed: " + summary + ". The total is " + money(total) + " "
        + tenant.currency() + ".", Map.of(
        "orderNumber", number,
        "total", money(total),
        "currency", tenant.currency(),
        "items", items));
  }

  private ToolAnswer orderStatus(Connection c, Tenant tenant, UUID session, Map<String, Object> args)
      throws SQLException {
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

  /** The caller as named in a tool's arguments, for the outbox. */
  static Map<String, Object> party(Map<String, Object> args) {
    Map<String, Object> customer = new LinkedHashMap<>();
    customer.put("name", args.get("customerName"));
    customer.put("phone", args.get("customerPhone"));
    return customer;
  }

  /** The caller as a customer of this business, found by phone when they gave one. */
  static UUID customer(Connection c, Tenant tenant, String name, String phone) throws SQLException {
    if (phone == null || phone.isBlank()) {
      return null;
    }
    try (PreparedStatement upsert = c.prepareStatement("INSERT INTO customer (id, business_id, name, phone)"
        + " VALUES (?, ?, ?, ?) ON CONFLICT (business_id, phone) WHERE phone IS NOT NULL"
        + " DO UPDATE SET name = coalesce(EXCLUDED.name, customer.name) RETURNING id")) {
      upsert.setObject(1, UUID.randomUUID());
      upsert.setObject(2, tenant.businessId());
      upsert.setString(3, name);
      upsert.setString(4, phone.trim());
      try (ResultSet r = upsert.executeQuery()) {
        r.next();
        return r.getObject(1, UUID.class);
      }
    }
  }

  /** The next number of this tenant's orders or tickets; the transaction lock keeps two calls from sharing one. */
  static long nextNumber(Connection c, String table) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement(
        "SELECT pg_advisory_xact_lock(hashtext(current_setting('app.business_id') || ?))")) {
      lock.setString(1, table);
      lock.execute();
    }
    try (ResultSet r = c.createStatement().executeQuery("SELECT coalesce(max(number), 0) + 1 FROM " + table)) {
      r.next();
      return r.getLong(1);
    }
  }

  static String money(BigDecimal amount) {
    return Optional.ofNullable(amount).map(a -> a.setScale(2, RoundingMode.HALF_UP).toPlainString()).orElse("");
  }

}
