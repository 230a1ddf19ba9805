package com.qastco.voice.runtime.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.qastco.voice.integrations.Json;
import com.qastco.voice.runtime.api.ApiException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stripe's events about subscriptions and their invoices. The signature is checked by stripe-java over the raw
 * body against each configured secret (two during a rotation), with the contract's tolerance; then what the event
 * is about is read again from Stripe ({@link StripeEventHandler}), because events arrive late, twice and out of order,
 * and what Stripe holds now is the truth. Each event id counts once per Business.
 */
@Controller("/api/v1/webhooks/stripe")
public class StripeWebhookController {
  private static final Logger LOG = LoggerFactory.getLogger(StripeWebhookController.class);
  private final StripeConfig config;
  private final StripeEventHandler handled;
  private final Clock clock;

  public StripeWebhookController(StripeConfig config, StripeEventHandler handled, Clock clock) {
    this.config = config;
    this.handled = handled;
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
      event = Json.tree(payload);
    } catch (IOException e) {
      throw ApiException.badRequest("The body is not a Stripe event");
    }
    String type = event.path("type").asText();
    String objectId = event.path("data").path("object").path("id").asText(null);
    if (objectId == null || objectId.isBlank() || !handled.handles(type)) {
      return Map.of("received", true, "handled", false); // an event this platform does not act on
    }
    Optional<Boolean> fresh = handled.handle(event.path("id").asText(), type, objectId);
    if (fresh.isEmpty()) {
      LOG.info("Stripe event {} ({}) is about no Business this platform serves", event.path("id").asText(), type);
      return Map.of("received", true, "handled", false);
    }
    return Map.of("received", true, "handled", fresh.get(), "duplicate", !fresh.get());
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

}
