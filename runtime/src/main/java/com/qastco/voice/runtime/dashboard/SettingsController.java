package com.qastco.voice.runtime.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.api.validation.BusinessValidator;
import com.qastco.voice.api.validation.Violation;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.dashboard.OwnerSessions.Owner;
import com.qastco.voice.runtime.outbox.OutboxController;
import com.qastco.voice.runtime.outbox.OutboxRepository;
import com.qastco.voice.runtime.web.Forms;
import com.qastco.voice.runtime.web.Pages;
import com.qastco.voice.api.domains.DomainProof;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
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
import java.util.UUID;

/**
 * The dashboard's settings (they change the Business's spec, checked by the CRD's own rules first; a Business kept
 * in Git shows them read-only, so Git and the dashboard never fight over a field) and its outbox, dead letters
 * included, with redelivery.
 */
@Controller("/admin")
@Hidden
public class SettingsController {
  private final OwnerSessions owners;
  private final Pages pages;
  private final KubernetesClient kubernetes;
  private final OutboxController outbox;
  private final BusinessValidator validator;
  private final TenantDirectory directory;

  public SettingsController(OwnerSessions owners, Pages pages, KubernetesClient kubernetes, OutboxController outbox,
                            BusinessValidator validator, TenantDirectory directory) {
    this.validator = validator;
    this.directory = directory;
    this.owners = owners;
    this.pages = pages;
    this.kubernetes = kubernetes;
    this.outbox = outbox;
  }

  private Business business(Owner owner) {
    return Optional.ofNullable(kubernetes.resources(Business.class).inNamespace(owner.tenant().namespace())
        .withName(owner.tenant().name()).get()).orElseThrow(() -> ApiException.notFound("The Business is gone"));
  }

  @Get(value = "/settings", produces = MediaType.TEXT_HTML)
  public HttpResponse<?> settings(HttpRequest<?> request) {
    Optional<Owner> owner = owners.owner(request);
    if (owner.isEmpty()) {
      return HttpResponse.seeOther(URI.create("/admin/login"));
    }
    Business business = business(owner.get());
    return page(owner.get(), business, SettingsForm.of(business.getSpec()), Map.of(), false, HttpStatus.OK);
  }

  @Post(value = "/settings", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  public HttpResponse<?> save(HttpRequest<?> request, @Body Map<String, String> posted) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), posted.get("_csrf"));
    Business business = business(owner);
    if (Business.keptInGit(business)) {
      throw ApiException.conflict(owner.tenant().displayName() + " is kept in Git: change its settings there");
    }
    SettingsForm form = SettingsForm.posted(posted);
    Map<String, String> errors = new LinkedHashMap<>(form.ownErrors());
    if (errors.isEmpty()) {
      BusinessSpec changed = form.applyTo(business.getSpec());
      Business proposed = Serialization.clone(business);
      proposed.setSpec(changed);
      JsonNode next = Serialization.jsonMapper().valueToTree(proposed);
      JsonNode old = Serialization.jsonMapper().valueToTree(business);
      for (Violation v : validator.validate(next, old)) {
        errors.putIfAbsent(field(v.field()), v.field() + ": " + v.message().replaceFirst("^Invalid value: ", ""));
      }
      if (errors.isEmpty()) {
        if (!business.getMetadata().getResourceVersion().equals(posted.get("version"))) {
          errors.put("_form", "These settings were changed elsewhere meanwhile; here they are as they are now."
              + " Make your change again.");
          return page(owner, business, SettingsForm.of(business.getSpec()), errors, false, HttpStatus.CONFLICT);
        }
        try {
          Business saved = kubernetes.resource(proposed).update(); // optimistic: the resourceVersion must still hold
          return page(owner, saved, SettingsForm.of(saved.getSpec()), Map.of(), true, HttpStatus.OK);
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) {
            throw e;
          }
          errors.put("_form", "These settings were changed elsewhere meanwhile; reload and make your change again.");
        }
      }
    }
    return page(owner, business, form, errors, false, HttpStatus.UNPROCESSABLE_ENTITY);
  }

  private HttpResponse<?> page(Owner owner, Business business, SettingsForm form, Map<String, String> errors,
                               boolean saved, HttpStatus status) {
    Map<String, Object> params = OwnerSessions.frame(owner, "settings");
    params.put("form", form);
    params.put("errors", errors);
    params.put("saved", saved);
    params.put("gitops", Business.keptInGit(business));
    params.put("phoneNumbers", directory.phoneNumbers(owner.tenant()));
    params.put("proofs", proofs(business));
    params.put("version", business.getMetadata().getResourceVersion());
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
    if (path.startsWith("spec.customDomains")) {
      return "customDomains";
    }
    return "_form";
  }

  @Get(value = "/outbox", produces = MediaType.TEXT_HTML)
  public HttpResponse<?> outbox(HttpRequest<?> request) {
    Optional<Owner> owner = owners.owner(request);
    if (owner.isEmpty()) {
      return HttpResponse.seeOther(URI.create("/admin/login"));
    }
    Map<String, Object> params = OwnerSessions.frame(owner.get(), "outbox");
    List<OutboxRepository.Entry> dead = outbox.list(owner.get().tenant(), "dead", null, null, 100, 0).items();
    List<OutboxRepository.Entry> pending = outbox.list(owner.get().tenant(), "pending", null, null, 100, 0).items();
    params.put("dead", dead);
    params.put("pending", pending);
    return pages.ok("dashboard/outbox.jte", params);
  }

  @Post(value = "/outbox/{id}/redeliver", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> redeliver(HttpRequest<?> request, UUID id, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    outbox.redeliver(owner.tenant(), id);
    return HttpResponse.seeOther(URI.create("/admin/outbox"));
  }
}
