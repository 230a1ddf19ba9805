package com.qastco.voice.runtime.sessions;

import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.runtime.tenants.Tenant;

/** The voice agent's instructions, built from the Business's spec. */
final class SystemPrompt {
  private SystemPrompt() {}

  static String of(Tenant tenant) {
    BusinessSpec spec = tenant.spec();
    String role = switch (spec.type()) {
      case RESTAURANT -> "take food orders: read the menu with get_menu, confirm the order and its total with the"
          + " caller, then place it with place_order";
      case APPOINTMENT -> "book, move and cancel appointments";
      case SUPPORT -> "open support tickets and report their status";
      case CUSTOM -> "help callers";
    };
    StringBuilder prompt = new StringBuilder()
        .append("You are the voice assistant of ").append(spec.displayName()).append(". Your job is to ")
        .append(role).append(". Times are in ").append(tenant.zone().getId()).append(". Prices are in ")
        .append(tenant.currency()).append(" and always come from the tools, never from memory.")
        .append(" Say each tool's 'say' text in your own words. Keep answers short: this is a phone call.");
    if (spec.voice() != null && spec.voice().extraInstructions() != null) {
      prompt.append("\n\n").append(spec.voice().extraInstructions());
    }
    return prompt.toString();
  }
}
