package com.qastco.voice.integrations.agent;

import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.api.v1alpha1.OpeningHours;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The voice agent's instructions, built from the Business's spec: the same text for every way a call starts. */
public final class SystemPrompt {
  private SystemPrompt() {}

  public static String of(BusinessSpec spec) {
    String role = switch (spec.type()) {
      case RESTAURANT -> "take food orders: read the menu with get_menu, confirm the order and its total with the"
          + " caller, then place it with place_order";
      case APPOINTMENT -> "book, move and cancel appointments";
      case SUPPORT -> "open support tickets and report their status";
      case CUSTOM -> "help callers";
    };
    String zone = spec.locale() == null || spec.locale().timeZone() == null ? "UTC" : spec.locale().timeZone();
    String currency = spec.locale() == null || spec.locale().currency() == null ? "USD" : spec.locale().currency();
    StringBuilder prompt = new StringBuilder()
        .append("You are the voice assistant of ").append(spec.displayName()).append(". Your job is to ")
        .append(role).append(". Times are in ").append(zone).append(". Prices are in ")
        .append(currency).append(" and always come from the tools, never from memory.")
        .append(" Say each tool's 'say' text in your own words. Keep answers short: this is a phone call.")
        .append(" Before saying you don't know, ask search_knowledge.")
        .append(" When the caller asks for a person, or you cannot help, use transfer_to_staff.");
    String hours = weeklyHours(spec);
    if (!hours.isEmpty()) {
      prompt.append(" Opening hours: ").append(hours)
          .append(". For today's hours and closures ask business_hours.");
    }
    if (spec.voice() != null && spec.voice().extraInstructions() != null) {
      prompt.append("\n\n").append(spec.voice().extraInstructions());
    }
    return prompt.toString();
  }

  private static String weeklyHours(BusinessSpec spec) {
    List<OpeningHours> weekly = spec.hours() == null || spec.hours().weekly() == null ? List.of()
        : spec.hours().weekly();
    return weekly.stream()
        .collect(Collectors.groupingBy(OpeningHours::day, java.util.TreeMap::new,
            Collectors.mapping(h -> h.open() + "-" + h.close(), Collectors.joining(" and "))))
        .entrySet().stream()
        .map(e -> e.getKey().name().charAt(0) + e.getKey().name().substring(1).toLowerCase(Locale.ROOT) + " "
            + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
