package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.api.credentials.ApiKey;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Invitations to own a Business (one applied with kubectl has nobody who can open its dashboard): a single-use
 * link that lets the invited address set its password. The token is handed back once, to go into the link; only
 * its hash is stored. Everything runs in the Business's row-level security, so a token opens nothing elsewhere.
 */
@Singleton
public class OwnerInvitations {
  public static final Duration VALID_FOR = Duration.ofDays(7);
  private final TenantDatabase database;
  private final Clock clock;

  public OwnerInvitations(TenantDatabase database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** A new invitation of {@code email}, ending any earlier one still open; its token. */
  public String invite(Tenant tenant, String email) {
    String token = ApiKey.randomSecret();
    String address = email.trim().toLowerCase(Locale.ROOT);
    database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement end = c.prepareStatement("UPDATE owner_invitation SET expires_at = now()"
          + " WHERE business_id = ? AND email = ? AND used_at IS NULL AND expires_at > now()");
           PreparedStatement insert = c.prepareStatement("INSERT INTO owner_invitation (business_id, token_hash,"
               + " email, expires_at) VALUES (?, ?, ?, ?)")) {
        end.setObject(1, tenant.businessId());
        end.setString(2, address);
        end.executeUpdate();
        insert.setObject(1, tenant.businessId());
        insert.setString(2, ApiKey.sha256(token));
        insert.setString(3, address);
        insert.setTimestamp(4, Timestamp.from(clock.instant().plus(VALID_FOR)));
        return insert.executeUpdate();
      }
    });
    return token;
  }

  /** The address an open invitation with {@code token} is for; empty if used, ended, expired or unknown. */
  public Optional<String> open(Tenant tenant, String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    return database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT email FROM owner_invitation WHERE token_hash = ?"
          + " AND used_at IS NULL AND expires_at > ?")) {
        select.setString(1, ApiKey.sha256(token.trim()));
        select.setTimestamp(2, Timestamp.from(clock.instant()));
        try (ResultSet r = select.executeQuery()) {
          return r.next() ? Optional.of(r.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  /**
   * Uses the invitation (once, even under two posts at the same moment) and makes its address an owner with
   * {@code password}, in one transaction; the address, or empty if the invitation is not open.
   */
  public Optional<String> accept(Tenant tenant, String token, String password) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    return database.inTenant(tenant.businessId(), c -> {
      String email;
      try (PreparedStatement use = c.prepareStatement("UPDATE owner_invitation SET used_at = now()"
          + " WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING email")) {
        use.setString(1, ApiKey.sha256(token.trim()));
        use.setTimestamp(2, Timestamp.from(clock.instant()));
        try (ResultSet r = use.executeQuery()) {
          if (!r.next()) {
            return Optional.<String>empty();
          }
          email = r.getString(1);
        }
      }
      Owners.put(c, tenant.businessId(), email, password);
      return Optional.of(email);
    });
  }
}
