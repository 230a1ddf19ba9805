package com.qastco.voice.runtime.outbox;

import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.integrations.Json;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ERPNext: the voice_agent_saas app's method for the event, called with the business id and the entry's subject id
 * as the external id (the app returns the first document for a repeated id, so a redelivery makes nothing twice).
 */
@Singleton
public class ErpnextDestination implements Destination {
  static final Map<String, String> METHODS = Map.of(
      "order.placed", "voice_agent_saas.api.place_order",
      "appointment.booked", "voice_agent_saas.api.book_appointment",
      "appointment.cancelled", "voice_agent_saas.api.cancel_appointment",
      "appointment.rescheduled", "voice_agent_saas.api.reschedule_appointment",
      "ticket.created", "voice_agent_saas.api.create_ticket",
      "invoice.finalized", "voice_agent_saas.api.record_usage_invoice");
  private final ErpnextConfig erpnext;

  public ErpnextDestination(ErpnextConfig erpnext) {
    this.erpnext = erpnext;
  }

  @Override
  public String name() {
    return "erpnext";
  }

  @Override
  /** The events the app has a method for; a hand-over, say, is the Business's webhook's alone. */
  public boolean takes(Tenant tenant, String event) {
    return erpnext.configured() && METHODS.containsKey(event);
  }

  @Override
  public void deliver(Tenant tenant, OutboxRepository.Entry entry) throws Exception {
    if (!erpnext.configured()) {
      throw new ExternalSystemException("ERPNext", ExternalSystemException.Kind.UNREACHABLE,
          "ERPNext is no longer configured on this runtime", null, null);
    }
    String method = METHODS.get(entry.event());
    if (method == null) {
      throw new ExternalSystemException("ERPNext", ExternalSystemException.Kind.REJECTED,
          "No ERPNext method for event " + entry.event(), null, null);
    }
    erpnext.client().call(method, arguments(tenant.businessId().toString(), entry));
  }

  /** What every document method of the app takes (its contract.json says so): the business, the id, the data. */
  static Map<String, Object> arguments(String businessId, OutboxRepository.Entry entry) throws Exception {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("business_id", businessId);
    arguments.put("external_id", entry.subjectId().toString());
    arguments.put("payload", Json.object(entry.payload()));
    return arguments;
  }
}
