package com.qastco.voice.runtime.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.runtime.outbound.TenantHttp;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Carries one outbox entry to its destination. ERPNext: the voice_agent_saas app's method for the event, called
 * with the business id and the entry's subject id as the external id (the app returns the first document for a
 * repeated id, so a redelivery makes nothing twice). Stripe: a meter event per overage session. The Business's webhook: the Standard Webhooks scheme, with
 * the entry id as {@code webhook-id} for the receiver to dedupe on.
 */
@Singleton
public class Deliveries {
  static final Map<String, String> ERPNEXT_METHODS = Map.of(
      "order.placed", "voice_agent_saas.api.place_order",
      "appointment.booked", "voice_agent_saas.api.book_appointment",
      "appointment.cancelled", "voice_agent_saas.api.cancel_appointment",
      "ticket.created", "voice_agent_saas.api.create_ticket",
      "invoice.finalized", "voice_agent_saas.api.record_usage_invoice");
  private final ErpnextConfig erpnext;
  private final com.qastco.voice.runtime.billing.StripeConfig stripe;
  private final TenantDirectory tenants;
  private final Clock clock;
  private final TenantHttp tenantHttp;

  public Deliveries(ErpnextConfig erpnext, com.qastco.voice.runtime.billing.StripeConfig stripe,
                    TenantDirectory tenants, Clock clock, TenantHttp tenantHttp) {
    this.tenantHttp = tenantHttp;
    this.erpnext = erpnext;
    this.stripe = stripe;
    this.tenants = tenants;
    this.clock = clock;
  }

  /** Delivers, or throws: an {@link ExternalSystemException} says whether trying again can help. */
  public void deliver(Tenant tenant, OutboxRepository.Entry entry) throws Exception {
    switch (entry.destination()) {
      case "erpnext" -> toErpnext(tenant, entry);
      case "webhook" -> toWebhook(tenant, entry);
      case "stripe" -> toStripe(entry);
      default -> throw new IllegalStateException("Unknown destination " + entry.destination());
    }
  }

  private void toErpnext(Tenant tenant, OutboxRepository.Entry entry) throws Exception {
    if (!erpnext.configured()) {
      throw new ExternalSystemException("ERPNext", ExternalSystemException.Kind.UNREACHABLE,
          "ERPNext is no longer configured on this runtime", null, null);
    }
    String method = ERPNEXT_METHODS.get(entry.event());
    if (method == null) {
      throw new ExternalSystemException("ERPNext", ExternalSystemException.Kind.REJECTED,
          "No ERPNext method for event " + entry.event(), null, null);
    }
    erpnext.client().call(method, erpnextArguments(tenant.businessId().toString(), entry));
  }

  /**
   * A meter event: its identifier makes a redelivery (after a lost answer or a crash before the delivery was
   * marked) count nothing twice; Stripe answering that it already has it is a delivery.
   */
  private void toStripe(OutboxRepository.Entry entry) throws Exception {
    if (!stripe.meters()) {
      throw new ExternalSystemException("Stripe", ExternalSystemException.Kind.UNREACHABLE,
          "Stripe metering is no longer configured on this runtime", null, null);
    }
    JsonNode event = Outbox.JSON.readTree(entry.payload());
    stripe.client().pushMeterEvent(event.path("eventName").asText(), event.path("identifier").asText(),
        event.path("customer").asText(), 1, java.time.Instant.ofEpochSecond(event.path("timestamp").asLong()));
  }

  /** What every document method of the app takes (its contract.json says so): the business, the id, the data. */
  static Map<String, Object> erpnextArguments(String businessId, OutboxRepository.Entry entry) throws Exception {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("business_id", businessId);
    arguments.put("external_id", entry.subjectId().toString());
    arguments.put("payload", Outbox.JSON.readValue(entry.payload(), Map.class));
    return arguments;
  }

  private void toWebhook(Tenant tenant, OutboxRepository.Entry entry) throws Exception {
    String url = tenant.webhookUrl();
    if (url == null) {
      throw new ExternalSystemException("webhook", ExternalSystemException.Kind.REJECTED,
          "The Business no longer has a webhook URL", null, null);
    }
    String secret = tenants.credentials(tenant).map(c -> c.webhookSecret()).orElseThrow(() ->
        new ExternalSystemException("webhook", ExternalSystemException.Kind.UNREACHABLE,
            "The Business's webhook secret is not available yet", null, null));
    JsonNode data = Outbox.JSON.readTree(entry.payload());
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("id", entry.id().toString());
    envelope.put("type", entry.event());
    envelope.put("timestamp", entry.createdAt().toString());
    envelope.put("businessId", tenant.businessId().toString());
    envelope.put("data", data);
    String body = Outbox.JSON.writeValueAsString(envelope);
    long timestamp = clock.instant().getEpochSecond();
    URI target;
    try {
      target = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ExternalSystemException("webhook", ExternalSystemException.Kind.REJECTED,
          "The webhook URL is not a URL", null, null);
    }
    TenantHttp.Reply reply = tenantHttp.postJson("webhook", target, Map.of(
        "User-Agent", "voice-platform-webhooks/1",
        WebhookSignature.ID, entry.id().toString(),
        WebhookSignature.TIMESTAMP, Long.toString(timestamp),
        WebhookSignature.SIGNATURE, WebhookSignature.sign(secret, entry.id().toString(), timestamp, body)), body);
    int status = reply.status();
    if (status < 200 || status >= 300) {
      // Every non-2xx is tried again: the receiver may be misconfigured for a while, and it dedupes on the id.
      throw new ExternalSystemException("webhook", status == 429 ? ExternalSystemException.Kind.RATE_LIMITED
          : ExternalSystemException.Kind.FAILED, "The webhook answered " + status, reply.retryAfter().orElse(null),
          null);
    }
  }
}
