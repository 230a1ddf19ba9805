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

/** The tenant's appointments, by start time; a booked one can be cancelled or marked completed. */
@Controller("/api/v1/appointments")
@Validated
public class AppointmentsController {
  private static final Listing LISTING = new Listing("appointment a", "a.starts_at",
      Set.of("booked", "cancelled", "completed"));
  private static final String COLUMNS = "a.id, a.status, a.starts_at, a.ends_at, a.session_id,"
      + " (SELECT name FROM catalog_item s WHERE s.id = a.service_id) AS service,"
      + " (SELECT name FROM customer cu WHERE cu.id = a.customer_id) AS customer_name,"
      + " (SELECT phone FROM customer cu WHERE cu.id = a.customer_id) AS customer_phone";
  private final TenantDatabase database;

  public AppointmentsController(TenantDatabase database) {
    this.database = database;
  }

  @Serdeable
  public record Appointment(UUID id, String service, String status, Instant startsAt, Instant endsAt,
                            String customerName, String customerPhone, UUID sessionId) {}

  @Serdeable
  public record StatusChange(@Pattern(regexp = "cancelled|completed") String status) {}

  @Get
  public Page<Appointment> list(@Parameter(hidden = true) Tenant tenant, @QueryValue @Nullable String status,
                                @QueryValue @Nullable String from, @QueryValue @Nullable String to,
                                @QueryValue(defaultValue = "50") @Min(1) @Max(200) int limit,
                                @QueryValue(defaultValue = "0") @Min(0) int offset) {
    return database.inTenant(tenant.businessId(), c -> LISTING.page(c, COLUMNS,
        new Listing.Filter(status, from, to, limit, offset), AppointmentsController::read));
  }

  @Get("/{id}")
  public Appointment get(@Parameter(hidden = true) Tenant tenant, UUID id) {
    return database.inTenant(tenant.businessId(), c -> find(c, id)).orElseThrow(() -> notFound(id));
  }

  @Patch("/{id}")
  public Appointment changeStatus(@Parameter(hidden = true) Tenant tenant, UUID id, @Body @Valid StatusChange change) {
    return database.inTenant(tenant.businessId(), c -> {
      Appointment appointment = find(c, id).orElseThrow(() -> notFound(id));
      if (!appointment.status().equals("booked")) {
        throw ApiException.conflict("The appointment is " + appointment.status() + " already");
      }
      try (PreparedStatement update = c.prepareStatement("UPDATE appointment SET status = ? WHERE id = ?")) {
        update.setString(1, change.status());
        update.setObject(2, id);
        update.executeUpdate();
      }
      return find(c, id).orElseThrow();
    });
  }

  private static Optional<Appointment> find(Connection c, UUID id) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM appointment a WHERE a.id = ?")) {
      select.setObject(1, id);
      return Listing.first(select, AppointmentsController::read);
    }
  }

  private static Appointment read(ResultSet r) throws SQLException {
    return new Appointment(r.getObject("id", UUID.class), r.getString("service"), r.getString("status"),
        r.getTimestamp("starts_at").toInstant(), r.getTimestamp("ends_at").toInstant(),
        r.getString("customer_name"), r.getString("customer_phone"), r.getObject("session_id", UUID.class));
  }

  private static ApiException notFound(UUID id) {
    return ApiException.notFound("No appointment " + id);
  }
}
