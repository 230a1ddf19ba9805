package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.api.validation.Violation;
import com.qastco.voice.runtime.dashboard.OwnerSessions.Owner;
import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.runtime.notifications.StaffAddresses;
import com.qastco.voice.runtime.outbound.TenantHttp;
import com.qastco.voice.runtime.outbox.WebhookDestination;
import com.qastco.voice.runtime.ratelimits.RateLimits;
import com.qastco.voice.runtime.web.Forms;
import com.qastco.voice.runtime.web.Pages;
import com.qastco.voice.api.domains.DomainProof;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's settings (they change the Business's spec, checked by the CRD's own rules first; a Business kept
 * in Git shows them read-only, so Git and the dashboard never fight over a field).
 */
@Controller("/admin")
@Hidden
public class SettingsController {
  private static final int TESTS_PER_MINUTE = 5;
  private final OwnerSessions owners;
  private final Pages pages;
  private final SpecEdits edits;
  private final TenantHttp tenantHttp;
  private final TenantDirectory directory;
  private final StaffAddresses staffAddresses;
  private final WebhookDestination webhook;
  private final RateLimits rates;

  public SettingsController(OwnerSessions owners, Pages pages, SpecEdits edits, TenantHttp tenantHttp,
                            TenantDirectory directory, StaffAddresses staffAddresses, WebhookDestination webhook,
                            RateLimits rates) {
    this.staffAddresses = staffAddresses;
    this.webhook = webhook;
    this.rates = rates;
    this.owners = owners;
    this.pages = pages;
    this.edits = edits;
    this.tenantHttp = tenantHttp;
    this.directory = directory;
  }

  @Get(value = "/settings", produces = MediaType.TEXT_HTML)
  public HttpResponse<?> settings(HttpRequest<?> request) {
    Optional<Owner> owner = owners.owner(request);
    if (owner.isEmpty()) {
      return HttpResponse.seeOther(URI.create("/admin/login"));
    }
    Business business = edits.current(owner.get().tenant());
    return page(owner.get(), business, SettingsForm.of(business.getSpec()), Map.of(), false, HttpStatus.OK);
  }

  /**
   * A signed test event to the saved webhook, answered on the page. Limited per Business, since each one makes
   * the platform call a URL the tenant chose.
   */
  @Post(value = "/settings/webhook-test", consumes = MediaType.APPLICATION_FORM_URLENCODED,
      produces = MediaType.TEXT_HTML)
  public HttpResponse<?> testWebhook(HttpRequest<?> request, @Body Map<String, String> posted) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), posted.get("_csrf"));
    Business business = edits.current(owner.tenant());
    SettingsForm form = SettingsForm.of(business.getSpec());
    if (form.webhookUrl().isBlank()) {
      return page(owner, business, form, Map.of("webhookUrl", "Save a webhook URL first"), false,
          HttpStatus.UNPROCESSABLE_ENTITY);
    }
    Optional<java.time.Duration> wait = rates.takeFor("webhook-test", owner.tenant().businessId().toString(),
        TESTS_PER_MINUTE, java.time.Duration.ofMinutes(1));
    if (wait.isPresent()) {
      return page(owner, business, form, Map.of(), false, HttpStatus.TOO_MANY_REQUESTS, new WebhookTest(
          "Test events are limited to " + TESTS_PER_MINUTE + " a minute; try again in a minute.", true))
          .header("Retry-After", String.valueOf(Math.max(1, wait.get().toSeconds())));
    }
    String result;
    boolean failed;
    try {
      long started = System.nanoTime();
      int status = webhook.sendTest(owner.tenant(), form.webhookUrl()).status();
      long millis = (System.nanoTime() - started) / 1_000_000;
      failed = status < 200 || status >= 300;
      result = "Your webhook answered " + status + " in " + millis + " ms" + (failed
          ? ": deliveries are taken only with a 2xx answer, so real events to it would be tried again." : ".");
    } catch (ExternalSystemException e) {
      failed = true;
      result = "The test event was not delivered: " + e.getMessage();
    }
    return page(owner, business, form, Map.of(), false, HttpStatus.OK, new WebhookTest(result, failed));
  }

  @Post(value = "/settings", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  public HttpResponse<?> save(HttpRequest<?> request, @Body Map<String, String> posted) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), posted.get("_csrf"));
    Business business = edits.editable(owner.tenant());
    SettingsForm form = SettingsForm.posted(posted);
    Map<String, String> errors = new LinkedHashMap<>(form.ownErrors());
    // Addresses the platform or the callers' browsers will call are checked when they change (a saved one whose
    // name stopped resolving must not block every other setting): the logo, which a private address would aim at
    // the callers' own network, and the webhook, whose refusal would otherwise show only in the outbox.
    SettingsForm saved = SettingsForm.of(business.getSpec());
    if (errors.isEmpty() && !form.logoUrl().isBlank() && !form.logoUrl().trim().equals(saved.logoUrl())) {
      tenantHttp.refusal(form.logoUrl().trim()).ifPresent(why -> errors.put("branding", "The logo URL " + why));
    }
    if (errors.isEmpty() && !form.webhookUrl().isBlank() && !form.webhookUrl().trim().equals(saved.webhookUrl())) {
      tenantHttp.refusal(form.webhookUrl().trim()).ifPresent(why -> errors.put("webhookUrl", "The webhook URL "
          + why));
    }
    if (errors.isEmpty()) {
      BusinessSpec changed = form.applyTo(business.getSpec());
      for (Violation v : edits.check(business, changed)) {
        errors.putIfAbsent(field(v.field()), v.field() + ": " + v.message().replaceFirst("^Invalid value: ", ""));
      }
      if (errors.isEmpty()) {
        SpecEdits.Outcome outcome = edits.save(business, changed, posted.get("version"));
        if (outcome.saved()) {
          return page(owner, outcome.business(), SettingsForm.of(outcome.business().getSpec()), Map.of(), true,
              HttpStatus.OK);
        }
        errors.put("_form", SpecEdits.CHANGED_ELSEWHERE);
        return page(owner, outcome.business(), SettingsForm.of(outcome.business().getSpec()), errors, false,
            HttpStatus.CONFLICT);
      }
    }
    return page(owner, business, form, errors, false, HttpStatus.UNPROCESSABLE_ENTITY);
  }

  /** What the webhook said to a test event, as the page shows it. */
  private record WebhookTest(String text, boolean failed) {}

  private HttpResponse<?> page(Owner owner, Business business, SettingsForm form, Map<String, String> errors,
                               boolean saved, HttpStatus status) {
    return page(owner, business, form, errors, saved, status, null);
  }

  private MutableHttpResponse<?> page(Owner owner, Business business, SettingsForm form,
                                      Map<String, String> errors, boolean saved, HttpStatus status,
                                      WebhookTest test) {
    Map<String, Object> params = OwnerSessions.frame(owner, "settings");
    params.put("form", form);
    params.put("errors", errors);
    params.put("saved", saved);
    params.put("gitops", Business.keptInGit(business));
    params.put("phoneNumbers", directory.phoneNumbers(owner.tenant()));
    params.put("staffStates", staffAddresses.states(owner.tenant()));
    params.put("proofs", proofs(business));
    params.put("version", business.getMetadata().getResourceVersion());
    params.put("hasWebhook", business.getSpec().notifications() != null
        && business.getSpec().notifications().webhookUrl() != null);
    params.put("webhookTest", test == null ? null : test.text());
    params.put("webhookTestFailed", test != null && test.failed());
    return pages.render(status, "dashboard/settings.jte", params);
  }

  /** A custom domain still to be proven, and the TXT record that proves it. */
  public record Proof(String domain, String record, String value) {}

  private static List<Proof> proofs(Business business) {
    List<String> verified = business.getStatus() == null || business.getStatus().verifiedDomains() == null
        ? List.of() : business.getStatus().verifiedDomains();
    String id = business.getStatus() == null ? null : business.getStatus().businessId();
    return id == null ? List.of() : business.getSpec().customDomainsOrEmpty().stream()
        .map(d -> d.toLowerCase(java.util.Locale.ROOT)).filter(d -> !verified.contains(d))
        .map(d -> new Proof(d, DomainProof.recordName(d), DomainProof.token(id, d))).toList();
  }

  private static String field(String path) {
    if (path.startsWith("spec.hours.closures")) {
      return "closures";
    }
    if (path.startsWith("spec.hours.afterHours")) {
      return "afterHours";
    }
    if (path.startsWith("spec.notifications.webhookUrl")) {
      return "webhookUrl";
    }
    if (path.startsWith("spec.hours")) {
      return "hours";
    }
    if (path.startsWith("spec.branding")) {
      return "branding";
    }
    if (path.startsWith("spec.widget")) {
      return "allowedOrigins";
    }
    if (path.startsWith("spec.voice")) {
      return "voice";
    }
    if (path.startsWith("spec.notifications")) {
      return "notifications";
    }
    if (path.startsWith("spec.customDomains")) {
      return "customDomains";
    }
    return "_form";
  }
}
