package com.qastco.voice.runtime.activity;

import com.qastco.voice.runtime.storage.Listing;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.api.Page;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** The tenant's voice sessions, newest first, with their transcripts once the call has ended. */
@Controller("/api/v1/sessions")
@Validated
public class SessionsController {
  private static final Listing LISTING = new Listing("voice_session", "created_at",
      Set.of("created", "joined", "ended", "expired"));
  private static final String COLUMNS = "id, call_id, channel, status, caller, created_at, joined_at, ended_at,"
      + " end_reason, billed_seconds, transcript::text AS transcript";
  private final TenantDatabase database;

  public SessionsController(TenantDatabase database) {
    this.database = database;
  }

  @Serdeable
  public record Session(UUID id, String callId, String channel, String status, String caller, Instant createdAt,
                        Instant joinedAt, Instant endedAt, String endReason, BigDecimal billedSeconds,
                        String transcript) {}

  @Get
  public Page<Session> list(@Parameter(hidden = true) Tenant tenant, @QueryValue @Nullable String status,
                            @QueryValue @Nullable String from, @QueryValue @Nullable String to,
                            @QueryValue(defaultValue = "50") @Min(1) @Max(200) int limit,
                            @QueryValue(defaultValue = "0") @Min(0) int offset) {
    return database.inTenant(tenant.businessId(), c -> LISTING.page(c, COLUMNS,
        new Listing.Filter(status, from, to, limit, offset), SessionsController::read));
  }

  @Get("/{id}")
  public Session get(@Parameter(hidden = true) Tenant tenant, UUID id) {
    return database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM voice_session WHERE id = ?")) {
        select.setObject(1, id);
        return Listing.first(select, SessionsController::read);
      }
    }).orElseThrow(() -> ApiException.notFound("No session " + id));
  }

  private static Session read(ResultSet r) throws SQLException {
    return new Session(r.getObject("id", UUID.class), r.getString("call_id"), r.getString("channel"),
        r.getString("status"), r.getString("caller"), instant(r.getTimestamp("created_at")),
        instant(r.getTimestamp("joined_at")), instant(r.getTimestamp("ended_at")), r.getString("end_reason"),
        r.getBigDecimal("billed_seconds"), r.getString("transcript"));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
