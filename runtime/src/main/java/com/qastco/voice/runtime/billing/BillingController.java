package com.qastco.voice.runtime.billing;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.api.v1alpha1.Plan;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.tenants.Tenant;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Business's billing: its current period as it will be billed and past invoices, Stripe's hosted pages for
 * payment details and the customer portal, a plan change (the spec's plan, which the operator carries to Stripe with
 * proration), and what the last reconciliation with Stripe's meter found.
 */
@Controller("/api/v1/billing")
public class BillingController {
  private final BillingStatement statements;
  private final BillingStates states;
  private final StripeConfig stripe;
  private final Reconciliation reconciliation;
  private final KubernetesClient kubernetes;

  public BillingController(BillingStatement statements, BillingStates states, StripeConfig stripe,
                           Reconciliation reconciliation, KubernetesClient kubernetes) {
    this.statements = statements;
    this.states = states;
    this.stripe = stripe;
    this.reconciliation = reconciliation;
    this.kubernetes = kubernetes;
  }

  @Operation(summary = "The current period: plan fee, included and used sessions, overage, amount so far, invoices")
  @Get
  public BillingStatement.Statement statement(@Parameter(hidden = true) Tenant tenant) {
    return statements.of(tenant);
  }

  @Serdeable
  public record Link(String url) {}

  @Operation(summary = "A Stripe Checkout page to enter payment details (setup mode: nothing is charged)")
  @Post("/checkout")
  public Link checkout(@Parameter(hidden = true) Tenant tenant) {
    BillingStates.State state = subscribed(tenant);
    String back = tenant.url() + "/admin/billing";
    return new Link(stripe.client().checkoutForPaymentDetails(tenant.businessId().toString(),
        tenant.stripeCustomerId(), state.subscriptionId(), tenant.currency(), back + "?payment=saved", back));
  }

  @Operation(summary = "A link to Stripe's customer portal (invoices, payment methods)")
  @Post("/portal")
  public Link portal(@Parameter(hidden = true) Tenant tenant) {
    subscribed(tenant);
    return new Link(stripe.client().portal(tenant.stripeCustomerId(), tenant.url() + "/admin/billing"));
  }

  @Serdeable
  public record PlanChange(String plan) {}

  @Operation(summary = "Change the plan (the Business's spec; the operator swaps the Stripe prices, prorated)")
  @Put("/plan")
  @io.micronaut.http.annotation.Status(HttpStatus.ACCEPTED)
  public Map<String, String> changePlan(@Parameter(hidden = true) Tenant tenant, @Body PlanChange change) {
    Plan plan;
    try {
      plan = Plan.valueOf(String.valueOf(change.plan()).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("plan must be one of starter, professional, enterprise");
    }
    var resource = kubernetes.resources(Business.class).inNamespace(tenant.namespace()).withName(tenant.name());
    Business business = resource.get();
    if (business == null) {
      throw ApiException.notFound("The Business resource is gone");
    }
    if (Business.keptInGit(business)) {
      throw ApiException.conflict(tenant.displayName() + " is managed in Git: change spec.plan there");
    }
    resource.edit(b -> {
      BusinessSpec s = b.getSpec();
      b.setSpec(s.withPlan(plan));
      return b;
    });
    return Map.of("plan", plan.name().toLowerCase(Locale.ROOT), "status", "The operator is changing the"
        + " subscription; the fee is prorated from now");
  }

  @Operation(summary = "What the last comparison of the ledger with Stripe's meter found, per open period")
  @Get("/reconciliation")
  public Map<String, List<Reconciliation.Result>> reconciliation(@Parameter(hidden = true) Tenant tenant) {
    return Map.of("items", reconciliation.results(tenant));
  }

  private BillingStates.State subscribed(Tenant tenant) {
    if (!stripe.configured()) {
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "billing_not_configured",
          "Billing is not configured on this platform");
    }
    return states.of(tenant.businessId()).filter(s -> tenant.stripeCustomerId() != null).orElseThrow(() ->
        ApiException.conflict(tenant.displayName() + " has no Stripe subscription yet; it is being set up"));
  }
}
