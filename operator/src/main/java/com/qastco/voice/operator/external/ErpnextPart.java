package com.qastco.voice.operator.external;

import com.fasterxml.jackson.databind.JsonNode;
import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.api.v1alpha1.IntegrationsStatus;
import com.qastco.voice.api.v1alpha1.IntegrationsStatus.ErpnextStatus;
import com.qastco.voice.integrations.erpnext.FrappeClient;
import com.qastco.voice.integrations.erpnext.FrappeException;
import com.qastco.voice.operator.routing.HostClaims;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Business's company in ERPNext and its Business Registration (a document of the voice_agent_saas app linking
 * business id, subdomain, company and plan).
 *
 * <p>A company is never created twice for one Business: it carries the business id in the custom field
 * {@code voice_business_id} (added to Company by the app), and every attempt looks for it there first, so an
 * attempt that timed out while ERPNext was still setting up the chart of accounts is found by the next one.
 */
public final class ErpnextPart implements ExternalPart<ErpnextPart.Desired, ErpnextStatus> {
  static final String URL = "erpnext-url";
  static final String KEY = "erpnext-api-key";
  static final String SECRET = "erpnext-api-secret";
  static final String SITE = "erpnext-site";
  static final String TIMEOUT = "erpnext-timeout";
  static final String BUSINESS_ID_FIELD = "voice_business_id";
  static final String UPSERT = "voice_agent_saas.api.upsert_business_registration";
  static final String DEACTIVATE = "voice_agent_saas.api.deactivate_business";
  private final PlatformSecret platform;

  public ErpnextPart(PlatformSecret platform) {
    this.platform = platform;
  }

  public record Desired(String businessId, String displayName, String type, String subdomain, String plan,
                        String currency, String country, boolean active, String trialEnd) {}

  @Override
  public String system() {
    return "ERPNext";
  }

  @Override
  public String condition() {
    return "ErpnextReady";
  }

  @Override
  public Optional<Off> off(Business business) {
    return Off.check(business, "erpnext", platform, "The platform has no ERPNext", URL, KEY, SECRET);
  }

  @Override
  public Desired desired(Business business, Inputs inputs) {
    BusinessSpec spec = business.getSpec();
    String currency = spec.locale() == null || spec.locale().currency() == null ? "USD" : spec.locale().currency();
    String country = spec.locale() == null || spec.locale().country() == null ? "US" : spec.locale().country();
    int trialDays = spec.billing() == null || spec.billing().trialDays() == null ? 14 : spec.billing().trialDays();
    String created = business.getMetadata().getCreationTimestamp();
    String trialEnd = created == null || trialDays == 0 ? null
        : Instant.parse(created).plus(Duration.ofDays(trialDays)).atZone(ZoneOffset.UTC).toLocalDate().toString();
    return new Desired(inputs.businessId(), spec.displayName(), spec.type().name().toLowerCase(Locale.ROOT),
        HostClaims.subdomainOf(business),
        spec.plan() == null ? "starter" : spec.plan().name().toLowerCase(Locale.ROOT), currency,
        countryName(country), !spec.suspendedOrFalse(), trialEnd);
  }

  @Override
  public Provisioned<ErpnextStatus> provision(Business business, Desired desired, ErpnextStatus previous) {
    FrappeClient erp = client();
    JsonNode company = findCompany(erp, desired.businessId()).orElseGet(() -> createCompany(erp, desired));
    String companyName = company.path("name").asText();
    JsonNode saved = erp.call(UPSERT, registration(desired, companyName));
    ErpnextStatus ids = new ErpnextStatus(companyName, company.path("abbr").asText(null),
        saved.path("name").asText(desired.businessId()));
    return new Provisioned<>(ids, "Company " + companyName + " (" + ids.abbreviation() + ") with Business Registration "
        + ids.registration());
  }

  /** The arguments of the app's upsert_business_registration (its contract.json names them). */
  static Map<String, Object> registration(Desired desired, String company) {
    Map<String, Object> registration = new LinkedHashMap<>();
    registration.put("business_id", desired.businessId());
    registration.put("display_name", desired.displayName());
    registration.put("business_type", desired.type());
    registration.put("subdomain", desired.subdomain());
    registration.put("company", company);
    registration.put("plan", desired.plan());
    registration.put("active", desired.active() ? 1 : 0);
    registration.put("trial_end", desired.trialEnd());
    return registration;
  }

  @Override
  public String remove(Business business, ErpnextStatus previous) {
    String businessId = business.getStatus() == null ? null : business.getStatus().businessId();
    if (businessId == null || platform.current().get(URL).isEmpty()) {
      return "Nothing was provisioned in ERPNext";
    }
    FrappeClient erp = client();
    if (!ExternalPart.deleteOnRemoval(business, "erpnext")) {
      try {
        erp.call(DEACTIVATE, Map.of("business_id", businessId));
      } catch (FrappeException e) {
        if (!e.isMissing()) {
          throw e;
        }
      }
      return "Retained company " + (previous == null ? "?" : previous.company())
          + " and its accounting; the Business Registration is marked inactive";
    }
    erp.delete("Business Registration", businessId);
    Optional<JsonNode> company = findCompany(erp, businessId);
    company.ifPresent(c -> erp.delete("Company", c.path("name").asText()));
    return "Deleted the Business Registration" + company.map(c -> " and company " + c.path("name").asText())
        .orElse("");
  }

  private static Optional<JsonNode> findCompany(FrappeClient erp, String businessId) {
    return erp.list("Company", List.of(List.of(BUSINESS_ID_FIELD, "=", businessId)), List.of("name", "abbr"))
        .stream().findFirst();
  }

  /**
   * The company is named after the Business; when another company already has that name, the subdomain (unique
   * on the platform) is added. The abbreviation is the initials, numbered when taken.
   */
  private static JsonNode createCompany(FrappeClient erp, Desired desired) {
    String name = desired.displayName();
    if (erp.get("Company", name).isPresent()) {
      name = desired.displayName() + " (" + desired.subdomain() + ")";
    }
    String base = abbreviation(desired.displayName(), desired.subdomain());
    FrappeException last = null;
    for (int n = 1; n <= 10; n++) {
      // Initials repeat across many small businesses: after a few numbers, a suffix of the business id.
      String abbr = n == 1 ? base : n < 10 ? base + n : base + desired.businessId().replace("-", "").substring(0, 4)
          .toUpperCase(Locale.ROOT);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("company_name", name);
      fields.put("abbr", abbr);
      fields.put("default_currency", desired.currency());
      fields.put("country", desired.country());
      fields.put(BUSINESS_ID_FIELD, desired.businessId());
      try {
        return erp.insert("Company", fields);
      } catch (FrappeException e) {
        last = e;
        if (e.isDuplicate()) {
          Optional<JsonNode> ours = findCompany(erp, desired.businessId());
          if (ours.isPresent()) {
            return ours.get(); // an earlier attempt got there first
          }
          name = desired.displayName() + " (" + desired.subdomain() + ")";
        } else if (!(e.status() == 417 && e.getMessage().contains("Abbreviation already used"))) {
          throw e;
        }
      }
    }
    throw last;
  }

  static String abbreviation(String displayName, String subdomain) {
    StringBuilder initials = new StringBuilder();
    for (String word : displayName.replaceAll("['\u2019]", "").split("[^\\p{L}\\p{N}]+")) {
      if (!word.isEmpty() && initials.length() < 5) {
        initials.append(Character.toUpperCase(word.charAt(0)));
      }
    }
    if (initials.length() >= 2) {
      return initials.toString();
    }
    String letters = subdomain.replace("-", "").toUpperCase(Locale.ROOT);
    return letters.substring(0, Math.min(4, letters.length()));
  }

  /** ERPNext names countries in English ("United States"), the spec by ISO code ("US"). */
  static String countryName(String isoCode) {
    return new Locale("", isoCode).getDisplayCountry(Locale.ENGLISH);
  }

  private FrappeClient client() {
    PlatformSecret.Settings s = platform.current();
    return new FrappeClient(URI.create(s.get(URL).orElseThrow()), s.get(KEY).orElseThrow(),
        s.get(SECRET).orElseThrow(), s.get(SITE).orElse(null),
        Duration.parse(s.get(TIMEOUT).orElse("PT120S")));
  }

  @Override
  public ErpnextStatus idsIn(IntegrationsStatus status) {
    return status.erpnext();
  }

  @Override
  public IntegrationsStatus withIds(IntegrationsStatus status, ErpnextStatus ids) {
    return status.withErpnext(ids);
  }
}
