package com.qastco.voice.runtime.tools;

import com.qastco.voice.api.v1alpha1.BusinessType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which tools a Business's agent gets, by business type. */
public final class ToolPack {
  static final ToolDefinition BUSINESS_INFO = new ToolDefinition("business_info",
      "The business's name, what it does, and how to reach a person.", object(Map.of(), List.of()));
  static final ToolDefinition BUSINESS_HOURS = new ToolDefinition("business_hours",
      "Opening hours for the week, closures, and whether the business is open right now (in its time zone).",
      object(Map.of(), List.of()));
  static final ToolDefinition GET_MENU = new ToolDefinition("get_menu",
      "The menu: every dish that can be ordered now, with its price.", object(Map.of(), List.of()));
  static final ToolDefinition PLACE_ORDER = new ToolDefinition("place_order",
      "Place the caller's order once they have confirmed it. Prices come from the menu; read back the total.",
      object(Map.of(
          "items", Map.of("type", "array", "minItems", 1, "maxItems", 20, "items", object(Map.of(
              "name", Map.of("type", "string", "maxLength", 120, "description", "A dish exactly as on the menu"),
              "quantity", Map.of("type", "integer", "minimum", 1, "maximum", 20)), List.of("name", "quantity"))),
          "customerName", Map.of("type", "string", "maxLength", 200),
          "customerPhone", Map.of("type", "string", "maxLength", 32),
          "notes", Map.of("type", "string", "maxLength", 500)), List.of("items")));
  static final ToolDefinition ORDER_STATUS = new ToolDefinition("order_status",
      "The status of an order by its number.",
      object(Map.of("orderNumber", Map.of("type", "integer", "minimum", 1)), List.of("orderNumber")));

  private ToolPack() {}

  public static List<ToolDefinition> forType(BusinessType type) {
    List<ToolDefinition> tools = new ArrayList<>(List.of(BUSINESS_INFO, BUSINESS_HOURS));
    if (type == BusinessType.RESTAURANT) {
      tools.addAll(List.of(GET_MENU, PLACE_ORDER, ORDER_STATUS));
    }
    return tools;
  }

  public static Optional<ToolDefinition> find(BusinessType type, String name) {
    return forType(type).stream().filter(t -> t.name().equals(name)).findFirst();
  }

  private static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
    return Map.of("type", "object", "properties", properties, "required", required, "additionalProperties", false);
  }
}
