package com.qastco.voice.integrations.agent;

import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.api.v1alpha1.BusinessType;
import com.qastco.voice.api.v1alpha1.CustomTool;
import com.qastco.voice.api.v1alpha1.ToolParameters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which tools a Business's agent gets, by business type. */
public final class ToolPack {
  public static final ToolDefinition BUSINESS_INFO = new ToolDefinition("business_info",
      "The business's name, what it does, and how to reach a person.", object(Map.of(), List.of()));
  public static final ToolDefinition BUSINESS_HOURS = new ToolDefinition("business_hours",
      "Opening hours for the week, closures, and whether the business is open right now (in its time zone).",
      object(Map.of(), List.of()));
  public static final ToolDefinition GET_MENU = new ToolDefinition("get_menu",
      "The menu: every dish that can be ordered now, with its price.", object(Map.of(), List.of()));
  public static final ToolDefinition PLACE_ORDER = new ToolDefinition("place_order",
      "Place the caller's order once they have confirmed it. Prices come from the menu; read back the total.",
      object(Map.of(
          "items", Map.of("type", "array", "minItems", 1, "maxItems", 20, "items", object(Map.of(
              "name", Map.of("type", "string", "maxLength", 120, "description", "A dish exactly as on the menu"),
              "quantity", Map.of("type", "integer", "minimum", 1, "maximum", 20)), List.of("name", "quantity"))),
          "customerName", Map.of("type", "string", "maxLength", 200),
          "customerPhone", Map.of("type", "string", "maxLength", 32),
          "notes", Map.of("type", "string", "maxLength", 500)), List.of("items")));
  public static final ToolDefinition ORDER_STATUS = new ToolDefinition("order_status",
      "The status of an order by its number.",
      object(Map.of("orderNumber", Map.of("type", "integer", "minimum", 1)), List.of("orderNumber")));

  public static final ToolDefinition TRANSFER_TO_STAFF = new ToolDefinition("transfer_to_staff",
      "When the caller asks for a person, or you cannot help: puts a phone call through to the staff, or, when"
          + " nobody can take it (closed, a web call), records a request to call the caller back. Ask for the"
          + " caller's name first; on a web call also for the number to call back.",
      object(Map.of("reason", Map.of("type", "string", "maxLength", 500, "description",
              "What the caller needs, in a few words"),
          "customerName", Map.of("type", "string", "maxLength", 200),
          "customerPhone", Map.of("type", "string", "maxLength", 32, "pattern", "^\\+[1-9][0-9]{6,14}$",
              "description", "The number to call back, E.164 (+14155550123); a phone call's own number is known")),
          List.of("reason")));
  public static final ToolDefinition SEARCH_KNOWLEDGE = new ToolDefinition("search_knowledge",
      "The business's own answers (its FAQ and documents: allergens, parking, policies, prices not on the menu)."
          + " Ask it before saying you don't know.",
      object(Map.of("question", Map.of("type", "string", "minLength", 2, "maxLength", 300,
          "description", "The caller's question in a few words")), List.of("question")));
  public static final ToolDefinition LIST_SERVICES = new ToolDefinition("list_services",
      "The services that can be booked, with duration and price.", object(Map.of(), List.of()));
  private static final Map<String, Object> SERVICE = Map.of("type", "string", "maxLength", 120,
      "description", "A service exactly as listed");
  private static final Map<String, Object> DATE = Map.of("type", "string", "pattern", "^\\d{4}-\\d{2}-\\d{2}$",
      "description", "YYYY-MM-DD, in the business's time zone");
  private static final Map<String, Object> STAFF = Map.of("type", "string", "maxLength", 100,
      "description", "The member of staff the caller asked for, by name; leave out for anyone free");
  private static final Map<String, Object> TIME = Map.of("type", "string", "pattern", "^\\d{2}:\\d{2}$",
      "description", "HH:MM, 24-hour clock, in the business's time zone");
  private static final Map<String, Object> PHONE = Map.of("type", "string", "maxLength", 32);
  public static final ToolDefinition CHECK_AVAILABILITY = new ToolDefinition("check_availability",
      "Free start times for a service on a date, and who is free at each; name a person only when the caller asks"
          + " for one.",
      object(Map.of("service", SERVICE, "date", DATE, "staff", STAFF), List.of("service", "date")));
  public static final ToolDefinition BOOK_APPOINTMENT = new ToolDefinition("book_appointment",
      "Book a service at a free time the caller chose. Confirm service, date and time first.",
      object(Map.of("service", SERVICE, "date", DATE, "time", TIME, "staff", STAFF,
          "customerName", Map.of("type", "string", "maxLength", 200), "customerPhone", PHONE),
          List.of("service", "date", "time", "customerName", "customerPhone")));
  public static final ToolDefinition RESCHEDULE_APPOINTMENT = new ToolDefinition("reschedule_appointment",
      "Move the caller's appointment from its date and time to a new free one. On a phone call from the number it"
          + " was booked with nothing else is needed; otherwise ask for the 6-digit confirmation code.",
      object(Map.of("date", DATE, "time", TIME, "newDate", DATE, "newTime", TIME, "staff", STAFF,
          "confirmationCode", Map.of("type", "string", "pattern", "^\\d{6}$", "description",
              "The 6 digits the caller was given when booking")), List.of("date", "time", "newDate", "newTime")));
  public static final ToolDefinition CANCEL_APPOINTMENT = new ToolDefinition("cancel_appointment",
      "Cancel the caller's appointment at its date and time. On a phone call from the number it was booked with"
          + " nothing else is needed; otherwise ask for the 6-digit confirmation code given at booking.",
      object(Map.of("date", DATE, "time", TIME, "confirmationCode", Map.of("type", "string", "pattern",
          "^\\d{6}$", "description", "The 6 digits the caller was given when booking")), List.of("date", "time")));
  public static final ToolDefinition LIST_CATEGORIES = new ToolDefinition("list_categories",
      "The kinds of problems support handles.", object(Map.of(), List.of()));
  public static final ToolDefinition CREATE_TICKET = new ToolDefinition("create_ticket",
      "Open a support ticket once you know the category and the problem.",
      object(Map.of("category", Map.of("type", "string", "maxLength", 120),
          "subject", Map.of("type", "string", "minLength", 3, "maxLength", 200),
          "description", Map.of("type", "string", "maxLength", 4000),
          "customerName", Map.of("type", "string", "maxLength", 200), "customerPhone", PHONE),
          List.of("category", "subject")));
  public static final ToolDefinition TICKET_STATUS = new ToolDefinition("ticket_status",
      "The status of a ticket by its number.",
      object(Map.of("ticketNumber", Map.of("type", "integer", "minimum", 1)), List.of("ticketNumber")));

  private ToolPack() {}

  public static List<ToolDefinition> forType(BusinessType type) {
    List<ToolDefinition> tools = new ArrayList<>(List.of(BUSINESS_INFO, BUSINESS_HOURS, TRANSFER_TO_STAFF,
        SEARCH_KNOWLEDGE));
    switch (type) {
      case RESTAURANT -> tools.addAll(List.of(GET_MENU, PLACE_ORDER, ORDER_STATUS));
      case APPOINTMENT -> tools.addAll(List.of(LIST_SERVICES, CHECK_AVAILABILITY, BOOK_APPOINTMENT,
          RESCHEDULE_APPOINTMENT, CANCEL_APPOINTMENT));
      case SUPPORT -> tools.addAll(List.of(LIST_CATEGORIES, CREATE_TICKET, TICKET_STATUS));
      default -> { }
    }
    return tools;
  }

  /** Every tool of every pack, once. */
  public static List<ToolDefinition> all() {
    return List.of(BUSINESS_INFO, BUSINESS_HOURS, TRANSFER_TO_STAFF, SEARCH_KNOWLEDGE, GET_MENU, PLACE_ORDER, ORDER_STATUS, LIST_SERVICES,
        CHECK_AVAILABILITY, BOOK_APPOINTMENT, RESCHEDULE_APPOINTMENT, CANCEL_APPOINTMENT, LIST_CATEGORIES, CREATE_TICKET, TICKET_STATUS);
  }

  /** The tools of a Business: its type's, then its own (spec.tools). */
  public static List<ToolDefinition> forSpec(BusinessSpec spec) {
    List<ToolDefinition> tools = forType(spec.type());
    spec.toolsOrEmpty().forEach(t -> tools.add(custom(t)));
    return tools;
  }

  public static Optional<ToolDefinition> find(BusinessSpec spec, String name) {
    return forSpec(spec).stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * A Business's own tool as the agent sees it. Ultravox waits for the endpoint's timeout plus a margin for the
   * runtime's own work, so that the runtime, not Ultravox, gives up first and the caller hears a sentence.
   */
  public static ToolDefinition custom(CustomTool tool) {
    ToolParameters parameters = tool.parameters();
    Map<String, Object> properties = new LinkedHashMap<>();
    if (parameters != null && parameters.properties() != null) {
      parameters.properties().forEach((name, schema) -> properties.put(name, com.qastco.voice.integrations.Json.MAPPER.convertValue(schema, Object.class)));
    }
    List<String> required = parameters == null || parameters.required() == null ? List.of() : parameters.required();
    return new ToolDefinition(tool.name(), tool.description(), object(properties, required),
        Duration.ofSeconds(tool.timeoutSecondsOrDefault()).plus(CUSTOM_TOOL_MARGIN), true);
  }

  /** What the runtime may take beyond a custom tool's own timeout (its journal, the signature, connecting). */
  public static final Duration CUSTOM_TOOL_MARGIN = Duration.ofMillis(1500);

  private static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
    return Map.of("type", "object", "properties", properties, "required", required, "additionalProperties", false);
  }
}
