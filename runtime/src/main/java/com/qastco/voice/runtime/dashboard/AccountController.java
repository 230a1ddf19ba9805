package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.billing.BillingController;
import com.qastco.voice.runtime.dashboard.OwnerSessions.Owner;
import com.qastco.voice.runtime.plans.PlanLimits;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.web.Forms;
import com.qastco.voice.runtime.web.Pages;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** The dashboard's usage and plan (Stripe's pages, plan changes) and its keys (rotation through the operator). */
@Controller("/admin")
@Hidden
public class AccountController {
  private final Pages pages;
  private final OwnerSessions owners;
  private final BillingController billing;
  private final TenantDirectory tenants;
  private final KubernetesClient kubernetes;
  private final Clock clock;
  private final PlanLimits plans;
  private final KeyReveals reveals;

  public AccountController(Pages pages, OwnerSessions owners, BillingController billing, TenantDirectory tenants,
                           KubernetesClient kubernetes, Clock clock,
                           PlanLimits plans, KeyReveals reveals) {
    this.reveals = reveals;
    this.pages = pages;
    this.owners = owners;
    this.billing = billing;
    this.tenants = tenants;
    this.kubernetes = kubernetes;
    this.clock = clock;
    this.plans = plans;
  }

  private Optional<Owner> owner(HttpRequest<?> request) {
    return owners.owner(request);
  }

  private static HttpResponse<?> toLogin() {
    return HttpResponse.seeOther(URI.create("/admin/login"));
  }

  private static Map<String, Object> frame(Owner owner, String tab) {
    return OwnerSessions.frame(owner, tab);
  }

  /** A plan change from the dashboard: the spec's plan, which the operator carries to Stripe, prorated. */
  @Post(value = "/billing/plan", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> changePlan(HttpRequest<?> request, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    billing.changePlan(owner.tenant(), new BillingController.PlanChange(form.get("plan")));
    return HttpResponse.seeOther(URI.create("/admin/billing?plan=changed"));
  }

  @Get(value = "/billing", produces = MediaType.TEXT_HTML)
  public HttpResponse<?> billing(HttpRequest<?> request) {
    Optional<Owner> owner = owner(request);
    if (owner.isEmpty()) {
      return toLogin();
    }
    Map<String, Object> params = frame(owner.get(), "billing");
    params.put("statement", billing.statement(owner.get().tenant()));
    params.put("plans", com.qastco.voice.runtime.portal.PlanOffer.all(plans));
    params.put("specPlan", owner.get().tenant().planName());
    params.put("changed", "changed".equals(request.getParameters().get("plan")));
    return pages.ok("dashboard/billing.jte", params);
  }

  /** Stripe's hosted pages: payment details (Checkout) or the customer portal. */
  @Post(value = "/billing/{page}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> stripePage(HttpRequest<?> request, String page, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    BillingController.Link link = switch (page) {
      case "checkout" -> billing.checkout(owner.tenant());
      case "portal" -> billing.portal(owner.tenant());
      default -> throw ApiException.notFound("No such billing page");
    };
    return HttpResponse.seeOther(URI.create(link.url()));
  }

  @Get(value = "/keys", produces = MediaType.TEXT_HTML)
  public HttpResponse<?> keys(HttpRequest<?> request) {
    Optional<Owner> owner = owner(request);
    if (owner.isEmpty()) {
      return toLogin();
    }
    Map<String, Object> params = frame(owner.get(), "keys");
    return keysPage(owner.get());
  }

  /**
   * The keys page: ids and dates, never a key. After a rotation the operator has carried out, the page offers the
   * new keys once (the page's script fetches them); while it has not, it says they are being made.
   */
  private HttpResponse<?> keysPage(Owner owner) {
    Map<String, Object> params = frame(owner, "keys");
    var credentials = tenants.credentials(owner.tenant());
    String rotation = rotationRequested(owner.tenant());
    boolean made = !rotation.isEmpty() && credentials.map(c -> rotation.equals(c.rotation())).orElse(false);
    params.put("keys", credentials.map(c -> c.keys()).orElse(java.util.List.of()));
    params.put("rotation", rotation);
    params.put("pending", !rotation.isEmpty() && !made);
    params.put("revealable", made && !reveals.shown(owner.tenant(), rotation));
    return pages.ok("dashboard/keys.jte", params).header("Cache-Control", "no-store");
  }

  /**
   * The keys of the last rotation, once, as JSON for the page's script: a key is never part of a page's HTML (a
   * cached or saved page would keep it).
   */
  @Post(value = "/keys/reveal", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<Map<String, String>> reveal(HttpRequest<?> request,
                                                  @io.micronaut.http.annotation.Header("X-CSRF-Token")
                                                  @io.micronaut.core.annotation.Nullable String token) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), token);
    String rotation = rotationRequested(owner.tenant());
    var credentials = tenants.credentials(owner.tenant()).filter(c -> !rotation.isEmpty()
        && rotation.equals(c.rotation())).orElseThrow(() -> ApiException.conflict("The new keys are not made yet;"
        + " try again in a moment"));
    if (!reveals.take(owner.tenant(), rotation)) {
      throw new ApiException(io.micronaut.http.HttpStatus.GONE, "keys_shown", "These keys were shown once"
          + " already; rotate again to get new ones");
    }
    return HttpResponse.ok(Map.of("secretKey", credentials.secretKey(), "publishableKey",
        credentials.publishableKey())).header("Cache-Control", "no-store");
  }

  /**
   * Asks the operator for new keys. The old ones keep working through its grace period, or stop at once when the
   * owner says a key leaked ({@code revoke=on}).
   */
  @Post(value = "/keys/rotate", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> rotate(HttpRequest<?> request, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    kubernetes.resources(Business.class).inNamespace(owner.tenant().namespace()).withName(owner.tenant().name())
        .edit(b -> {
          if (b.getMetadata().getAnnotations() == null) {
            b.getMetadata().setAnnotations(new java.util.HashMap<>());
          }
          b.getMetadata().getAnnotations().put(Business.ROTATE_KEYS_ANNOTATION, clock.instant().toString());
          if ("on".equals(form.get("revoke"))) {
            b.getMetadata().getAnnotations().put(Business.REVOKE_PREVIOUS_KEYS_ANNOTATION, "true");
          } else {
            b.getMetadata().getAnnotations().remove(Business.REVOKE_PREVIOUS_KEYS_ANNOTATION);
          }
          return b;
        });
    return HttpResponse.seeOther(URI.create("/admin/keys"));
  }

  /** When the last rotation was asked for ("" when never). */
  private String rotationRequested(Tenant tenant) {
    Business business = kubernetes.resources(Business.class).inNamespace(tenant.namespace())
        .withName(tenant.name()).get();
    return business == null || business.getMetadata().getAnnotations() == null ? ""
        : business.getMetadata().getAnnotations().getOrDefault(Business.ROTATE_KEYS_ANNOTATION, "");
  }
}
