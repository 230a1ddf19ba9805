package com.qastco.voice.runtime.activity;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.api.Page;
import com.qastco.voice.runtime.storage.Listing;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A Business's support tickets as its owner and its API see them: open → in_progress → resolved → closed. */
@Singleton
public class TicketRepository {
  private static final Set<String> STATUSES = Set.of("open", "in_progress", "resolved", "closed");
  private static final Listing LISTING = new Listing("ticket t", "t.created_at", STATUSES);
  private static final String COLUMNS = "t.id, t.number, t.status, t.priority, t.subject, t.description,"
      + " t.created_at, t.session_id, (SELECT name FROM catalog_item k WHERE k.id = t.category_id) AS category";
  private final TenantDatabase database;

  public TicketRepository(TenantDatabase database) {
    this.database = database;
  }

  @Serdeable
  public record Ticket(UUID id, long number, String category, String priority, String subject, String description,
                       String status, Instant createdAt, UUID sessionId) {}

  public Page<Ticket> list(Tenant tenant, Listing.Filter filter) {
    return database.inTenant(tenant.businessId(), c -> LISTING.page(c, COLUMNS, filter, TicketRepository::read));
  }

  public Ticket get(Tenant tenant, long number) {
    return database.inTenant(tenant.businessId(), c -> find(c, number)).orElseThrow(() -> notFound(number));
  }

  /** Any status while the ticket is not closed; a closed ticket stays closed. */
  public Ticket changeStatus(Tenant tenant, long number, String status) {
    if (!STATUSES.contains(status)) {
      throw ApiException.badRequest("status must be one of open, in_progress, resolved, closed");
    }
    return database.inTenant(tenant.businessId(), c -> {
      Ticket ticket = find(c, number).orElseThrow(() -> notFound(number));
      if (ticket.status().equals("closed")) {
        throw ApiException.conflict("Ticket " + number + " is closed");
      }
      try (PreparedStatement update = c.prepareStatement("UPDATE ticket SET status = ?, updated_at = now()"
          + " WHERE number = ?")) {
        update.setString(1, status);
        update.setLong(2, number);
        update.executeUpdate();
      }
      return find(c, number).orElseThrow();
    });
  }

  private static Optional<Ticket> find(Connection c, long number) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM ticket t WHERE t.number = ?")) {
      select.setLong(1, number);
      return Listing.first(select, TicketRepository::read);
    }
  }

  private static Ticket read(ResultSet r) throws SQLException {
    return new Ticket(r.getObject("id", UUID.class), r.getLong("number"), r.getString("category"),
        r.getString("priority"), r.getString("subject"), r.getString("description"), r.getString("status"),
        r.getTimestamp("created_at").toInstant(), r.getObject("session_id", UUID.class));
  }

  private static ApiException notFound(long number) {
    return ApiException.notFound("No ticket " + number);
  }
}
