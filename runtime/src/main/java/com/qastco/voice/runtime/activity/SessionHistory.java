package com.qastco.voice.runtime.activity;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.api.Page;
import com.qastco.voice.runtime.sessions.CallOutcome;
import com.qastco.voice.runtime.storage.Listing;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A Business's past and present voice sessions, newest first, with their transcripts once the call has ended. */
@Singleton
public class SessionHistory {
  private static final Listing LISTING = new Listing("voice_session", "created_at",
      Set.of("created", "joined", "ended", "expired"));
  private static final String COLUMNS = "id, call_id, channel, status, caller, created_at, joined_at, ended_at,"
      + " end_reason, billed_seconds, transcript::text AS transcript, outcome, summary";
  private final TenantDatabase database;

  public SessionHistory(TenantDatabase database) {
    this.database = database;
  }

  @Serdeable
  public record Session(UUID id, String callId, String channel, String status, String caller, Instant createdAt,
                        Instant joinedAt, Instant endedAt, String endReason, BigDecimal billedSeconds,
                        String transcript, String outcome, String summary) {}

  public Page<Session> list(Tenant tenant, Listing.Filter filter) {
    return list(tenant, filter, null);
  }

  /** @param outcome only calls that came to this (ordered, booked, ticket, transferred, message, none); null: all */
  public Page<Session> list(Tenant tenant, Listing.Filter filter, String outcome) {
    if (outcome != null && !CallOutcome.OUTCOMES.contains(outcome)) {
      throw ApiException.badRequest("outcome must be one of " + String.join(", ", CallOutcome.OUTCOMES));
    }
    java.util.Map<String, String> also = outcome == null ? java.util.Map.of() : java.util.Map.of("outcome", outcome);
    return database.inTenant(tenant.businessId(), c -> LISTING.page(c, COLUMNS, filter, also, SessionHistory::read));
  }

  public Session get(Tenant tenant, UUID id) {
    return database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM voice_session WHERE id = ?")) {
        select.setObject(1, id);
        return Listing.first(select, SessionHistory::read);
      }
    }).orElseThrow(() -> ApiException.notFound("No session " + id));
  }

  private static Session read(ResultSet r) throws SQLException {
    return new Session(r.getObject("id", UUID.class), r.getString("call_id"), r.getString("channel"),
        r.getString("status"), r.getString("caller"), instant(r.getTimestamp("created_at")),
        instant(r.getTimestamp("joined_at")), instant(r.getTimestamp("ended_at")), r.getString("end_reason"),
        r.getBigDecimal("billed_seconds"), r.getString("transcript"), r.getString("outcome"), r.getString("summary"));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
