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
 * takes the Business's events (ERPNext when the platform has one, the Business's webhook when it set a URL), and one
 * per recipient of an {@link AddressedDestination} (each member of staff to be e-mailed).
 */
@Singleton
public class Outbox {
  /** Events for the Business's owner only (their e-mail: a payment that failed), never its webhook or ERPNext. */
  public static final String OWNER_EVENTS = "owner.";
  private final List<Destination> destinations;

  public Outbox(List<Destination> destinations) {
    this.destinations = destinations.stream().sorted(java.util.Comparator.comparing(Destination::name)).toList();
  }

  public void enqueue(Connection c, Tenant tenant, String event, UUID subjectId, Map<String, Object> payload)
      throws SQLException {
    List<Row> rows = new java.util.ArrayList<>();
    for (Destination d : destinations) {
      if (d instanceof AddressedDestination addressed) {
        addressed.recipients(c, tenant, event, payload).forEach(to -> rows.add(new Row(d.name(), to)));
      } else if (d.takes(tenant, event)) {
        rows.add(new Row(d.name(), null));
      }
    }
    insert(c, tenant, rows, event, subjectId, payload);
  }

  /** Queues a delivery to one destination only (Stripe's meter events, say). */
  public void enqueueTo(Connection c, Tenant tenant, String destination, String event, UUID subjectId,
                        Map<String, Object> payload) throws SQLException {
    insert(c, tenant, List.of(new Row(destination, null)), event, subjectId, payload);
  }

  /** Queues a delivery to one recipient of an addressed destination (an invitation to a staff address, say). */
  public void enqueueTo(Connection c, Tenant tenant, String destination, String recipient, String event,
                        UUID subjectId, Map<String, Object> payload) throws SQLException {
    insert(c, tenant, List.of(new Row(destination, recipient)), event, subjectId, payload);
  }

  private record Row(String destination, String recipient) {}

  private void insert(Connection c, Tenant tenant, List<Row> rows, String event, UUID subjectId,
                      Map<String, Object> payload) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    String json = Json.write(payload);
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO outbox (id, business_id, destination, recipient,"
        + " event, subject_id, payload, status) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, 'pending')")) {
      for (Row row : rows) {
        insert.setObject(1, UUID.randomUUID());
        insert.setObject(2, tenant.businessId());
        insert.setString(3, row.destination());
        insert.setString(4, row.recipient());
        insert.setString(5, event);
        insert.setObject(6, subjectId);
        insert.setString(7, json);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    OutboxRepository.wake(c, tenant.businessId(), rows.size());
  }
}
