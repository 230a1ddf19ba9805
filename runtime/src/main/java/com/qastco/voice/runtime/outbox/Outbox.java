package com.qastco.voice.runtime.outbox;

import com.qastco.voice.integrations.Json;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Queues what happened (an order placed, an appointment booked…) for everyone outside who must hear of it, in the
 * caller's transaction: the order and its deliveries commit together or not at all. One row per destination that
 * takes the Business's events (ERPNext when the platform has one, the Business's webhook when it set a URL).
 */
@Singleton
public class Outbox {
  private final List<Destination> destinations;

  public Outbox(List<Destination> destinations) {
    this.destinations = destinations.stream().sorted(java.util.Comparator.comparing(Destination::name)).toList();
  }

  public void enqueue(Connection c, Tenant tenant, String event, UUID subjectId, Map<String, Object> payload)
      throws SQLException {
    insert(c, tenant, destinations.stream().filter(d -> d.takes(tenant, event)).map(Destination::name).toList(), event,
        subjectId, payload);
  }

  /** Queues a delivery to one destination only (Stripe's meter events, say). */
  public void enqueueTo(Connection c, Tenant tenant, String destination, String event, UUID subjectId,
                        Map<String, Object> payload) throws SQLException {
    insert(c, tenant, List.of(destination), event, subjectId, payload);
  }

  private void insert(Connection c, Tenant tenant, List<String> destinations, String event, UUID subjectId,
                      Map<String, Object> payload) throws SQLException {
    if (destinations.isEmpty()) {
      return;
    }
    String json = Json.write(payload);
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO outbox (id, business_id, destination, event,"
        + " subject_id, payload, status) VALUES (?, ?, ?, ?, ?, ?::jsonb, 'pending')")) {
      for (String destination : destinations) {
        insert.setObject(1, UUID.randomUUID());
        insert.setObject(2, tenant.businessId());
        insert.setString(3, destination);
        insert.setString(4, event);
        insert.setObject(5, subjectId);
        insert.setString(6, json);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    OutboxRepository.wake(c, tenant.businessId(), destinations.size());
  }
}
