package com.qastco.voice.runtime.tools;

import com.qastco.voice.integrations.agent.ToolPack;
import com.qastco.voice.runtime.catalog.CatalogItem;
import com.qastco.voice.runtime.catalog.CatalogKind;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.storage.TenantNumbers;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** The support pack. A ticket's priority comes from its category, never from the model. */
@Singleton
public class SupportTools implements ToolHandlers {
  private final CatalogRepository catalog;
  private final ToolSupport support;

  public SupportTools(CatalogRepository catalog, ToolSupport support) {
    this.catalog = catalog;
    this.support = support;
  }

  @Override
  public List<ToolHandler> handlers() {
    return List.of(new ToolHandler(ToolPack.LIST_CATEGORIES, this::categories),
        new ToolHandler(ToolPack.CREATE_TICKET, "ticket.created", this::create),
        new ToolHandler(ToolPack.TICKET_STATUS, this::status));
  }

  private ToolAnswer categories(Connection c, ToolCall call, Map<String, Object> args) throws SQLException {
    Tenant tenant = call.tenant();
    List<CatalogItem> categories = catalog.available(c, CatalogKind.SUPPORT_CATEGORY);
    return ToolAnswer.ok("We handle: " + categories.stream().map(CatalogItem::name)
            .collect(Collectors.joining(", ")) + ".",
        Map.of("categories", categories.stream().map(k -> Map.of("name", k.name(),
            "priority", k.priority().name().toLowerCase(Locale.ROOT))).toList()));
  }

  private ToolAnswer create(Connection c, ToolCall call, Map<String, Object> args) throws SQLException {
    Tenant tenant = call.tenant();
    String name = String.valueOf(args.get("category")).trim();
    List<CatalogItem> categories = catalog.available(c, CatalogKind.SUPPORT_CATEGORY);
    Optional<CatalogItem> category = categories.stream().filter(k -> k.name().equalsIgnoreCase(name)).findFirst();
    if (category.isEmpty()) {
      return ToolAnswer.refuse("There is no category " + name + "; the categories are " + categories.stream()
          .map(CatalogItem::name).collect(Collectors.joining(", ")) + ".");
    }
    UUID customer = ToolSupport.customer(c, tenant, args);
    long number = support.nextNumber(tenant, TenantNumbers.Kind.TICKET);
    String priority = category.get().priority().name().toLowerCase(Locale.ROOT);
    UUID ticketId = UUID.randomUUID();
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO ticket (id, business_id, number, category_id,"
        + " customer_id, session_id, priority, subject, description, status)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')")) {
      insert.setObject(1, ticketId);
      insert.setObject(2, tenant.businessId());
      insert.setLong(3, number);
      insert.setObject(4, category.get().id());
      insert.setObject(5, customer);
      insert.setObject(6, call.sessionId());
      insert.setString(7, priority);
      insert.setString(8, String.valueOf(args.get("subject")).trim());
      insert.setString(9, (String) args.get("description"));
      insert.executeUpdate();
    }
    Map<String, Object> opened = new java.util.LinkedHashMap<>();
    opened.put("ticketId", ticketId.toString());
    opened.put("number", number);
    opened.put("category", category.get().name());
    opened.put("priority", priority);
    opened.put("subject", String.valueOf(args.get("subject")).trim());
    opened.put("description", args.get("description"));
    opened.put("customer", ToolSupport.party(args));
    opened.put("sessionId", call.session());
    support.deliver(c, call, "ticket.created", ticketId, opened);
    return ToolAnswer.ok("Ticket " + number + " is open with " + priority + " priority under "
        + category.get().name() + ".", Map.of("ticketNumber", number, "priority", priority,
        "category", category.get().name()));
  }

  private ToolAnswer status(Connection c, ToolCall call, Map<String, Object> args) throws SQLException {
    Tenant tenant = call.tenant();
    long number = ((Number) args.get("ticketNumber")).longValue();
    try (PreparedStatement select = c.prepareStatement("SELECT status, priority FROM ticket WHERE number = ?")) {
      select.setLong(1, number);
      try (ResultSet r = select.executeQuery()) {
        if (!r.next()) {
          return ToolAnswer.refuse("I can't find a ticket number " + number + ".");
        }
        return ToolAnswer.ok("Ticket " + number + " is " + r.getString(1).replace('_', ' ') + ".",
            Map.of("ticketNumber", number, "status", r.getString(1), "priority", r.getString(2)));
      }
    }
  }
}
