package com.qastco.voice.runtime.notifications;

import com.qastco.voice.api.credentials.ApiKey;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The staff addresses a Business listed, and whether their owners agreed to its e-mail: each new address gets one
 * invitation ({@link StaffInvitations}) with a single-use link (valid 7 days, made when the invitation is sent, only its hash kept), and
 * nothing else until it is confirmed. Declining stops mail to the address as a refusal does.
 */
@Singleton
public class StaffAddresses {
  static final String INVITE = "staff.invite";
  private static final SecureRandom RANDOM = new SecureRandom();
  private final TenantDatabase database;
  private final MailSuppressions suppressions;

  public StaffAddresses(TenantDatabase database, MailSuppressions suppressions) {
    this.database = database;
    this.suppressions = suppressions;
  }

  /** Which of these addresses agreed to the Business's e-mail (in the caller's transaction). */
  static Set<String> confirmedAmong(Connection c, List<String> addresses) throws SQLException {
    if (addresses.isEmpty()) {
      return Set.of();
    }
    try (PreparedStatement select = c.prepareStatement("SELECT address FROM staff_address"
        + " WHERE address = ANY (?) AND confirmed_at IS NOT NULL")) {
      select.setArray(1, c.createArrayOf("text", addresses.toArray()));
      Set<String> confirmed = new HashSet<>();
      try (ResultSet r = select.executeQuery()) {
        while (r.next()) {
          confirmed.add(r.getString(1));
        }
      }
      return confirmed;
    }
  }

  /** A fresh link token for a still unconfirmed address (empty: confirmed meanwhile, or no longer listed). */
  Optional<String> issueToken(Tenant tenant, String address) {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    int updated = database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement update = c.prepareStatement("UPDATE staff_address SET token_hash = ?,"
          + " requested_at = now() WHERE address = ? AND confirmed_at IS NULL")) {
        update.setString(1, ApiKey.sha256(token));
        update.setString(2, MailSuppressions.normal(address));
        return update.executeUpdate();
      }
    });
    return updated == 1 ? Optional.of(token) : Optional.empty();
  }

  /** The address whose link this is, now confirmed; empty for a link used already, expired or unknown. */
  public Optional<String> confirm(Tenant tenant, String token) {
    return use(tenant, token, "UPDATE staff_address SET confirmed_at = now(), token_hash = NULL");
  }

  /** The address whose link this is, now never mailed by this Business again (until the owner resumes it). */
  public Optional<String> decline(Tenant tenant, String token) {
    Optional<String> address = use(tenant, token, "UPDATE staff_address SET token_hash = NULL");
    address.ifPresent(a -> suppressions.suppress(tenant, a, "The recipient declined the Business's e-mail"));
    return address;
  }

  private Optional<String> use(Tenant tenant, String token, String update) {
    if (token == null || token.isBlank() || token.length() > 100) {
      return Optional.empty();
    }
    return database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement statement = c.prepareStatement(update + " WHERE token_hash = ?"
          + " AND confirmed_at IS NULL AND requested_at > now() - interval '7 days' RETURNING address")) {
        statement.setString(1, ApiKey.sha256(token.trim()));
        try (ResultSet r = statement.executeQuery()) {
          return r.next() ? Optional.of(r.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  /** Each invited address and whether it is confirmed, for the Settings page. */
  public Map<String, Boolean> states(Tenant tenant) {
    return database.inTenant(tenant.businessId(), c -> {
      Map<String, Boolean> states = new LinkedHashMap<>();
      try (ResultSet r = c.createStatement().executeQuery("SELECT address, confirmed_at IS NOT NULL"
          + " FROM staff_address ORDER BY address")) {
        while (r.next()) {
          states.put(r.getString(1), r.getBoolean(2));
        }
      }
      return states;
    });
  }
}
