package com.qastco.voice.runtime.tools;

import com.qastco.voice.runtime.outbox.Outbox;
import com.qastco.voice.runtime.storage.TenantNumbers;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** What the packs share: the caller as a customer, numbering, money as spoken, and telling the outside world. */
@Singleton
public class ToolSupport {
  private final Outbox outbox;
  private final TenantNumbers numbers;

  public ToolSupport(Outbox outbox, TenantNumbers numbers) {
    this.outbox = outbox;
    this.numbers = numbers;
  }

  /** Queues what the tool did for ERPNext and the Business's webhook, except from the tool tester. */
  public void deliver(Connection c, ToolCall call, String event, UUID subjectId, Map<String, Object> payload)
      throws SQLException {
    if (!call.test()) {
      outbox.enqueue(c, call.tenant(), event, subjectId, payload);
    }
  }

  /** The caller as named in a tool's arguments, for the outbox. */
  public static Map<String, Object> party(Map<String, Object> args) {
    Map<String, Object> customer = new LinkedHashMap<>();
    customer.put("name", args.get("customerName"));
    customer.put("phone", args.get("customerPhone"));
    return customer;
  }

  /** The caller as a customer of this business, found by phone when they gave one. */
  static UUID customer(Connection c, Tenant tenant, Map<String, Object> args) throws SQLException {
    String name = (String) args.get("customerName");
    String phone = (String) args.get("customerPhone");
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

  /**
   * The next number of this tenant's orders or tickets. Taken outside the tool's transaction (see
   * {@link TenantNumbers}), so take it after the checks that may still refuse: a refusal after it is a gap.
   */
  long nextNumber(Tenant tenant, TenantNumbers.Kind kind) {
    return numbers.next(tenant.businessId(), kind);
  }

  static String money(BigDecimal amount) {
    return Optional.ofNullable(amount).map(a -> a.setScale(2, RoundingMode.HALF_UP).toPlainString()).orElse("");
  }
}
