package com.qastco.voice.runtime.handover;

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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A Business's hand-overs: calls put through to its staff, and the callback requests taken when that could not be
 * done, which the staff mark as called back once they have.
 */
@Singleton
public class Handovers {
  static final Set<String> STATUSES = Set.of("transferring", "answered", "callback_requested", "called_back");
  private static final Listing LISTING = new Listing("handover h", "h.created_at", STATUSES);
  private static final String COLUMNS = "h.id, h.session_id, h.status, h.why, h.reason, h.caller_name,"
      + " h.caller_phone, h.staff_numbers, h.talk_seconds, h.created_at, h.ended_at";
  private final TenantDatabase database;

  public Handovers(TenantDatabase database) {
    this.database = database;
  }

  /**
   * One hand-over.
   *
   * @param why why a callback was taken instead of a transfer (after_hours, no_answer, web_call…); null otherwise
   */
  @Serdeable
  public record Handover(UUID id, UUID sessionId, String status, String why, String reason, String callerName,
                         String callerPhone, List<String> staffNumbers, Integer talkSeconds, Instant createdAt,
                         Instant endedAt) {

    /** As the live panel, the webhook and ERPNext's payloads carry it. */
    public Map<String, Object> payload() {
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("handoverId", id.toString());
      payload.put("sessionId", sessionId == null ? null : sessionId.toString());
      payload.put("status", status);
      payload.put("why", why);
      payload.put("reason", reason);
      payload.put("customer", Map.of("name", callerName == null ? "" : callerName,
          "phone", callerPhone == null ? "" : callerPhone));
      payload.put("talkSeconds", talkSeconds);
      return payload;
    }
  }

  static void insert(Connection c, UUID business, Handover h, Integer ringSeconds) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO handover (id, business_id, session_id, status,"
        + " why, reason, caller_name, caller_phone, staff_numbers, ring_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setObject(1, h.id());
      insert.setObject(2, business);
      insert.setObject(3, h.sessionId());
      insert.setString(4, h.status());
      insert.setString(5, h.why());
      insert.setString(6, h.reason());
      insert.setString(7, h.callerName());
      insert.setString(8, h.callerPhone());
      insert.setArray(9, h.staffNumbers() == null ? null
          : c.createArrayOf("text", h.staffNumbers().toArray()));
      insert.setObject(10, ringSeconds);
      insert.executeUpdate();
    }
  }

  /** Settles a transfer still ringing; empty when it was settled already (Twilio sending its outcome again). */
  static Optional<Handover> settle(Connection c, UUID id, String status, String why, Integer talkSeconds)
      throws SQLException {
    try (PreparedStatement update = c.prepareStatement("UPDATE handover h SET status = ?, why = ?,"
        + " talk_seconds = ?, ended_at = now() WHERE id = ? AND status = 'transferring' RETURNING " + COLUMNS)) {
      update.setString(1, status);
      update.setString(2, why);
      update.setObject(3, talkSeconds);
      update.setObject(4, id);
      return Listing.first(update, Handovers::read);
    }
  }

  static Optional<Handover> find(Connection c, UUID id) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM handover h WHERE h.id = ?")) {
      select.setObject(1, id);
      return Listing.first(select, Handovers::read);
    }
  }

  public Page<Handover> list(Tenant tenant, Listing.Filter filter) {
    return database.inTenant(tenant.businessId(), c -> LISTING.page(c, COLUMNS, filter, Handovers::read));
  }

  public Handover get(Tenant tenant, UUID id) {
    return database.inTenant(tenant.businessId(), c -> find(c, id)).orElseThrow(() -> notFound(id));
  }

  /** The staff called the caller back: the one change a hand-over takes from the owner or the API. */
  public Handover calledBack(Tenant tenant, UUID id) {
    return database.inTenant(tenant.businessId(), c -> {
      Handover handover = find(c, id).orElseThrow(() -> notFound(id));
      if (!handover.status().equals("callback_requested")) {
        throw ApiException.conflict("Hand-over " + id + " is " + handover.status().replace('_', ' ')
            + "; only a callback request can be marked as called back");
      }
      try (PreparedStatement update = c.prepareStatement("UPDATE handover SET status = 'called_back',"
          + " ended_at = coalesce(ended_at, now()) WHERE id = ?")) {
        update.setObject(1, id);
        update.executeUpdate();
      }
      return find(c, id).orElseThrow();
    });
  }

  private static Handover read(ResultSet r) throws SQLException {
    java.sql.Array numbers = r.getArray("staff_numbers");
    return new Handover(r.getObject("id", UUID.class), r.getObject("session_id", UUID.class), r.getString("status"),
        r.getString("why"), r.getString("reason"), r.getString("caller_name"), r.getString("caller_phone"),
        numbers == null ? List.of() : Arrays.asList((String[]) numbers.getArray()),
        (Integer) r.getObject("talk_seconds"), r.getTimestamp("created_at").toInstant(),
        Optional.ofNullable(r.getTimestamp("ended_at")).map(java.sql.Timestamp::toInstant).orElse(null));
  }

  private static ApiException notFound(UUID id) {
    return ApiException.notFound("No hand-over " + id);
  }
}
