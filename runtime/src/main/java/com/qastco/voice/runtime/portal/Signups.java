package com.qastco.voice.runtime.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.validation.BusinessValidator;
import com.qastco.voice.api.validation.Violation;
import com.qastco.voice.runtime.catalog.CatalogCsv;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import jakarta.inject.Singleton;
import java.io.StringReader;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Registrations from the portal. A valid one waits until its contact e-mail is confirmed (a single-use link), then
 * becomes a Business resource through the Kubernetes API, so the operator provisions it exactly as it does for
 * kubectl users; its owner's account and catalog wait in PostgreSQL until the operator has given the Business its
 * id, then move into it.
 */
@Singleton
public class Signups {
  private static final Map<String, String> FIELDS = Map.of("spec.displayName", "displayName",
      "spec.contact.email", "email", "spec.contact.phone", "phone", "spec.subdomain", "subdomain",
      "spec.locale.timeZone", "timeZone", "spec.voice.greeting", "greeting");
  /** What a field needs, said plainly, where the schema only says that a pattern did not match. */
  private static final Map<String, String> NEEDS = Map.of(
      "displayName", "Enter your business's name (at most 100 characters)",
      "email", "Enter an e-mail address such as owner@example.com",
      "phone", "Enter the phone number in international form, such as +14155550123",
      "subdomain", "Use 3 to 63 lower-case letters, digits and hyphens, starting with a letter",
      "timeZone", "Choose a time zone such as America/New_York",
      "weekdayOpen", "Use times such as 09:00 and 17:30, closing after opening",
      "greeting", "Keep the greeting under 500 characters");
  private final KubernetesClient kubernetes;
  private final TenantDirectory tenants;
  private final TenantDatabase database;
  private final CatalogCsv csv;
  private final CatalogRepository catalog;
  private final BusinessValidator validator;
  private final SignupConfig config;

  public Signups(KubernetesClient kubernetes, TenantDirectory tenants, TenantDatabase database, CatalogCsv csv,
                 CatalogRepository catalog, BusinessValidator validator, SignupConfig config) {
    this.validator = validator;
    this.config = config;
    this.kubernetes = kubernetes;
    this.tenants = tenants;
    this.database = database;
    this.csv = csv;
    this.catalog = catalog;
  }

  /** A registration as it stands: its Business (once the operator has seen it) and whether its keys were shown. */
  public record Signup(UUID id, String name, String email, boolean claimed, boolean keysShown) {}

  /** Every problem of the form, by field; empty when the Business can be made. */
  public Map<String, String> problems(SignupForm form) {
    Map<String, String> errors = new LinkedHashMap<>(form.ownErrors());
    Business business = business(form, UUID.randomUUID());
    JsonNode manifest = Serialization.jsonMapper().valueToTree(business);
    for (Violation v : validator.validateCreate(manifest)) {
      String field = FIELDS.entrySet().stream().filter(e -> v.field().startsWith(e.getKey())).map(Map.Entry::getValue)
          .findFirst().orElse(v.field().startsWith("spec.hours") ? "weekdayOpen" : "_form");
      boolean pattern = v.message().contains("pattern") || v.message().contains("regex")
          || v.message().contains("length") || v.message().contains("required");
      errors.putIfAbsent(field, pattern && NEEDS.containsKey(field) ? NEEDS.get(field) : sentence(v.message()));
    }
    if (!errors.containsKey("subdomain") && form.subdomain() != null) {
      availability(form.subdomain().trim().toLowerCase(java.util.Locale.ROOT)).ifPresent(m -> errors.put("subdomain", m));
    }
    if (form.catalog() != null && !form.catalog().isBlank()) {
      CatalogCsv.Parsed parsed = csv.parse(new StringReader(form.catalog()));
      if (!parsed.problems().isEmpty()) {
        errors.put("catalog", String.join("; ", parsed.problems().subList(0, Math.min(3, parsed.problems().size()))));
      }
    }
    return errors;
  }

  /** Why a subdomain cannot be had (taken, reserved, malformed), or empty when it is free. */
  public Optional<String> availability(String subdomain) {
    if (subdomain == null || !subdomain.matches("^[a-z]([-a-z0-9]{1,61}[a-z0-9])$")) {
      return Optional.of(NEEDS.get("subdomain"));
    }
    JsonNode probe = Serialization.jsonMapper().valueToTree(business(SignupForm.empty().withSubdomain(subdomain),
        UUID.randomUUID()));
    Optional<String> refused = validator.validateCreate(probe).stream().filter(v -> v.field().equals("spec.subdomain"))
        .map(v -> sentence(v.message())).findFirst();
    if (refused.isPresent()) {
      return refused;
    }
    // The cache may lag a Business made a moment ago; creating it then fails with 409, which the form reports too.
    return tenants.claimed(subdomain) ? Optional.of(subdomain + " is taken; try another name") : Optional.empty();
  }

  /** A sign-up waiting for its e-mail: the link's token goes in the e-mail and nowhere else (its hash is kept). */
  public record Proposal(UUID id, String token) {}

  /**
   * Keeps a valid form, unconfirmed, until its e-mail's owner opens the link: nothing is made before (no Business,
   * no company, no agent, no trial) and the subdomain is not reserved. Empty when too many sign-ups are waiting.
   */
  public Optional<Proposal> propose(SignupForm form) {
    UUID id = UUID.randomUUID();
    String token = com.qastco.voice.api.credentials.ApiKey.randomSecret();
    String spec = Serialization.asJson(business(form, id));
    return database.withoutTenant(c -> {
      try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM signup WHERE confirmed_at IS NULL"
          + " AND created_at > now() - make_interval(secs => ?)")) {
        count.setLong(1, config.getConfirmationTtl().toSeconds());
        try (ResultSet r = count.executeQuery()) {
          r.next();
          if (r.getLong(1) >= config.getMaxUnconfirmed()) {
            return Optional.<Proposal>empty();
          }
        }
      }
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO signup (id, namespace, business_name, email,"
          + " password_hash, catalog_csv, confirm_token_hash, spec_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setObject(1, id);
        insert.setString(2, kubernetes.getNamespace());
        insert.setString(3, form.spec().subdomain());
        insert.setString(4, form.spec().contact().email());
        insert.setString(5, com.qastco.voice.runtime.web.Passwords.hash(form.password()));
        insert.setString(6, form.catalog() == null || form.catalog().isBlank() ? null : form.catalog());
        insert.setString(7, com.qastco.voice.api.credentials.ApiKey.sha256(token));
        insert.setString(8, spec);
        insert.executeUpdate();
      }
      return Optional.of(new Proposal(id, token));
    });
  }

  /** Forgets a sign-up whose e-mail could not be sent. */
  public void withdraw(Proposal proposal) {
    database.withoutTenant(c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM signup WHERE id = ? AND confirmed_at IS NULL")) {
        delete.setObject(1, proposal.id());
        return delete.executeUpdate();
      }
    });
  }

  /** How a confirmation went: the registration made, or why not. */
  public enum Confirmation { CONFIRMED, UNKNOWN, TAKEN }

  public record Confirmed(Confirmation result, UUID id) {}

  /**
   * Confirms the sign-up whose link carried {@code token} (once: the token is forgotten as it is used; and only
   * within the link's lifetime), then makes its Business. A name another confirmed sign-up or a Business took
   * meanwhile ends it with TAKEN, and nothing stays half-made.
   */
  public Confirmed confirm(String token) {
    if (token == null || token.isBlank()) {
      return new Confirmed(Confirmation.UNKNOWN, null);
    }
    String hash = com.qastco.voice.api.credentials.ApiKey.sha256(token.trim());
    Object[] row;
    try {
      row = database.withoutTenant(c -> {
        try (PreparedStatement update = c.prepareStatement("UPDATE signup SET confirmed_at = now(),"
            + " confirm_token_hash = NULL WHERE confirm_token_hash = ? AND confirmed_at IS NULL"
            + " AND created_at > now() - make_interval(secs => ?) RETURNING id, spec_json")) {
          update.setString(1, hash);
          update.setLong(2, config.getConfirmationTtl().toSeconds());
          try (ResultSet r = update.executeQuery()) {
            return r.next() ? new Object[] {r.getObject(1, UUID.class), r.getString(2)} : null;
          }
        }
      });
    } catch (com.qastco.voice.runtime.storage.DatabaseException e) {
      forget(hash); // another sign-up for this name was confirmed first
      return new Confirmed(Confirmation.TAKEN, null);
    }
    if (row == null) {
      return new Confirmed(Confirmation.UNKNOWN, null);
    }
    UUID id = (UUID) row[0];
    try {
      Business business = Serialization.unmarshal((String) row[1], Business.class);
      kubernetes.resources(Business.class).inNamespace(kubernetes.getNamespace()).resource(business).create();
      return new Confirmed(Confirmation.CONFIRMED, id);
    } catch (KubernetesClientException e) {
      database.withoutTenant(c -> {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM signup WHERE id = ?")) {
          delete.setObject(1, id);
          return delete.executeUpdate();
        }
      });
      if (e.getCode() == 409) {
        return new Confirmed(Confirmation.TAKEN, null);
      }
      throw e;
    }
  }

  private void forget(String hash) {
    database.withoutTenant(c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM signup WHERE confirm_token_hash = ?")) {
        delete.setString(1, hash);
        return delete.executeUpdate();
      }
    });
  }

  public Optional<Signup> find(UUID id) {
    return database.withoutTenant(c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT business_name, email, claimed_at IS NOT NULL,"
          + " keys_shown_at IS NOT NULL FROM signup WHERE id = ?")) {
        select.setObject(1, id);
        try (ResultSet r = select.executeQuery()) {
          return r.next() ? Optional.of(new Signup(id, r.getString(1), r.getString(2), r.getBoolean(3),
              r.getBoolean(4))) : Optional.empty();
        }
      }
    });
  }

  /** The Business of a registration, once the operator has given it an id. */
  public Optional<Tenant> tenant(Signup signup) {
    return tenants.all().stream().filter(t -> t.name().equals(signup.name())).findFirst();
  }

  public Optional<Business> resource(Signup signup) {
    return Optional.ofNullable(kubernetes.resources(Business.class).inNamespace(kubernetes.getNamespace())
        .withName(signup.name()).get());
  }

  /** The owner's account and the catalog move into the Business, once (a second call finds them moved). */
  public void claim(Signup signup, Tenant tenant) {
    if (signup.claimed()) {
      return;
    }
    String[] moved = database.withoutTenant(c -> {
      try (PreparedStatement update = c.prepareStatement("UPDATE signup SET claimed_at = now() WHERE id = ?"
          + " AND claimed_at IS NULL RETURNING password_hash, catalog_csv")) {
        update.setObject(1, signup.id());
        try (ResultSet r = update.executeQuery()) {
          return r.next() ? new String[] {r.getString(1), r.getString(2)} : null;
        }
      }
    });
    if (moved == null) {
      return;
    }
    database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO owner_account (business_id, email,"
          + " password_hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
        insert.setObject(1, tenant.businessId());
        insert.setString(2, signup.email().toLowerCase(java.util.Locale.ROOT));
        insert.setString(3, moved[0]);
        return insert.executeUpdate();
      }
    });
    if (moved[1] != null) {
      catalog.insertAll(tenant.businessId(), csv.parse(new StringReader(moved[1])).items());
    }
  }

  /** True only the first time: the keys are shown once. */
  public boolean takeKeys(Signup signup) {
    return database.withoutTenant(c -> {
      try (PreparedStatement update = c.prepareStatement("UPDATE signup SET keys_shown_at = now() WHERE id = ?"
          + " AND keys_shown_at IS NULL AND claimed_at IS NOT NULL")) {
        update.setObject(1, signup.id());
        return update.executeUpdate() == 1;
      }
    });
  }

  private static Business business(SignupForm form, UUID signupId) {
    Business business = new Business();
    String name = form.spec().subdomain() == null ? "x" : form.spec().subdomain();
    business.setMetadata(new ObjectMetaBuilder().withName(name)
        .addToAnnotations(Business.MANAGED_BY_ANNOTATION, "portal")
        .addToAnnotations(Business.GROUP + "/signup", signupId.toString()).build());
    business.setSpec(form.spec());
    return business;
  }

  private static String sentence(String message) {
    String m = message.trim().replaceFirst("^Invalid value: ", "");
    return m.isEmpty() ? m : Character.toUpperCase(m.charAt(0)) + m.substring(1);
  }
}
