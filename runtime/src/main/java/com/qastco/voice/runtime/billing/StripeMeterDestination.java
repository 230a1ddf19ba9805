package com.qastco.voice.runtime.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.integrations.Json;
import com.qastco.voice.runtime.outbox.Destination;
import com.qastco.voice.runtime.outbox.OutboxRepository;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.time.Instant;

/**
 * Stripe's meter: one meter event per overage session, queued by name only ({@link UsageLedger}). Its identifier
 * makes a redelivery (after a lost answer or a crash before the delivery was marked) count nothing twice; Stripe
 * answering that it already has it is a delivery.
 */
@Singleton
public class StripeMeterDestination implements Destination {
  static final String NAME = "stripe";
  private final StripeConfig stripe;

  public StripeMeterDestination(StripeConfig stripe) {
    this.stripe = stripe;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean takes(Tenant tenant, String event) {
    return false;
  }

  @Override
  public void deliver(Tenant tenant, OutboxRepository.Entry entry) throws Exception {
    if (!stripe.meters()) {
      throw new ExternalSystemException("Stripe", ExternalSystemException.Kind.UNREACHABLE,
          "Stripe metering is no longer configured on this runtime", null, null);
    }
    JsonNode event = Json.tree(entry.payload());
    stripe.client().pushMeterEvent(event.path("eventName").asText(), event.path("identifier").asText(),
        event.path("customer").asText(), 1, Instant.ofEpochSecond(event.path("timestamp").asLong()));
  }
}
