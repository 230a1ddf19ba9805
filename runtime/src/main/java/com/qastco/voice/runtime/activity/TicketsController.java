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
import jakarta.validation.constraints.Pattern;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The tenant's support tickets: listed, read, and moved through open → in_progress → resolved → closed. */
@Controller("/api/v1/tickets")
@Validated
public class TicketsController {
  private static final Listing LISTING = new Listing("ticket t", "t.created_at",
      Set.of("open", "in_progress", "resolved", "closed"));
  private static final String COLUMNS = "t.id, t.number, t.status, t.priority, t.subject, t.description,"
      + " t.created_at, t.session_id, (SELECT name FROM catalog_item k WHERE k.id = t.category_id) AS category";
  private final TenantDatabase database;

  public TicketsController(TenantDatabase database) {
    this.database = database;
  }

  @Serdeable
  public record Ticket(UUID id, long number, String category, String priority, String subject, String description,
                       String status, Instant createdAt, UUID sessionId) {}

  @Serdeable
  public record StatusChange(@Pattern(regexp = "open|in_progress|resolved|closed") String status) {}

  @Get
  public Page<Ticket> list(@Parameter(hidden = true) Tenant tenant, @QueryValue @Nullable String status, @QueryValue @Nullable String from,
                           @QueryValue @Nullable String to,
                           @QueryValue(defaultValue = "50") @Min(1) @Max(200) int limit,
                           @QueryValue(defaultValue = "0") @Min(0) int offset) {
    return database.inTenant(tenant.businessId(), c -> LISTING.page(c, COLUMNS,
        new Listing.Filter(status, from, to, limit, offset), TicketsController::read));
  }

  @Get("/{number}")
  public Ticket get(@Parameter(hidden = true) Tenant tenant, long number) {
    return database.inTenant(tenant.businessId(), c -> find(c, number)).orElseThrow(() -> notFound(number));
  }

  @Patch("/{number}")
  public Ticket changeStatus(@Parameter(hidden = true) Tenant tenant, long number, @Body @Valid StatusChange change) {
    return database.inTenant(tenant.businessId(), c -> {
      Ticket ticket = find(c, number).orElseThrow(() -> notFound(number));
      if (ticket.status().equals("closed")) {
        throw ApiException.conflict("Ticket " + number + " is closed");
      }
      try (PreparedStatement update = c.prepareStatement("UPDATE ticket SET status = ?, updated_at = now()"
          + " WHERE number = ?")) {
        update.setString(1, change.status());
        update.setLong(2, number);
        update.executeUpdate();
      }
      return find(c, number).orElseThrow();
    });
  }

  private static Optional<Ticket> find(Connection c, long number) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM ticket t WHERE t.number = ?")) {
      select.setLong(1, number);
      return Listing.first(select, TicketsController::read);
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
