package com.qastco.voice.runtime.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qastco.voice.integrations.stripe.StripeBilling;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stripe's events about subscriptions and their invoices. The signature is checked by stripe-java over the raw
 * body against each configured secret (two during a rotation), with the contract's tolerance; then the
 * subscription is read again from Stripe, because events arrive late, twice and out of order, and what Stripe
 * holds now is the truth. Each event id counts once per Business.
 */
@Controller("/api/v1/webhooks/stripe")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StripeWebhookController {
  private static final Logger LOG = LoggerFactory.getLogger(StripeWebhookController.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> SUBSCRIPTION_EVENTS = Set.of("customer.subscription.created",
      "customer.subscription.updated", "customer.subscription.deleted", "customer.subscription.paused",
      "customer.subscription.resumed");
  private static final Set<String> INVOICE_EVENTS = Set.of("invoice.paid", "invoice.payment_failed",
      "invoice.payment_action_required");
  private final StripeConfig config;
  private final TenantDirectory tenants;
  private final BillingStates states;
  private final Clock clock;

  public StripeWebhookController(StripeConfig config, TenantDirectory tenants, BillingStates states, Clock clock) {
    this.config = config;
    this.tenants = tenants;
    this.states = states;
    this.clock = clock;
  }

  @Operation(summary = "Stripe events (signed with Stripe-Signature)")
  @Post(consumes = MediaType.APPLICATION_JSON)
  public Map<String, Object> receive(@Body String payload, @Nullable @Header("Stripe-Signature") String signature) {
    if (!config.configured()) {
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "billing_not_configured",
          "No Stripe key or webhook secret is configured");
    }
    verify(payload, signature);
    JsonNode event;
    try {
      event = JSON.readTree(payload);
    } catch (IOException e) {
      throw ApiException.badRequest("The body is not a Stripe event");
    }
    String type = event.path("type").asText();
    JsonNode object = event.path("data").path("object");
    String subscriptionId = SUBSCRIPTION_EVENTS.contains(type) ? object.path("id").asText(null)
        : INVOICE_EVENTS.contains(type) ? object.path("subscription").asText(null) : null;
    if (subscriptionId == null || subscriptionId.isBlank()) {
      return Map.of("received", true, "handled", false); // an event this platform does not act on
    }
    Optional<StripeBilling.Current> current = config.client().current(subscriptionId);
    UUID business = current.map(StripeBilling.Current::businessId).map(StripeWebhookController::uuid)
        .filter(id -> tenants.byId(id).isPresent()).orElse(null);
    if (business == null) {
      LOG.info("Stripe event {} ({}) is about no Business this platform serves", event.path("id").asText(), type);
      return Map.of("received", true, "handled", false);
    }
    boolean fresh = states.apply(business, event.path("id").asText(), subscriptionId,
        current.get().state().status());
    return Map.of("received", true, "handled", fresh, "duplicate", !fresh);
  }

  /** Any configured secret may have signed it; a bad or stale signature is refused before anything is read. */
  private void verify(String payload, String header) {
    if (header == null || header.isBlank()) {
      throw ApiException.badRequest("Missing Stripe-Signature");
    }
    long tolerance = config.getWebhookTolerance().toSeconds();
    for (String secret : config.getWebhookSecrets()) {
      try {
        if (Webhook.Signature.verifyHeader(payload, header, secret, tolerance, clock)) {
          return;
        }
      } catch (SignatureVerificationException e) {
        // the next secret may be the one (rotation)
      }
    }
    throw ApiException.badRequest("Invalid or stale Stripe-Signature");
  }

  private static UUID uuid(String value) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
