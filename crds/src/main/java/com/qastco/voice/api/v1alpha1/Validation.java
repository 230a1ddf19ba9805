package com.qastco.voice.api.v1alpha1;

import java.util.List;
import java.util.stream.Collectors;

/** Patterns shared by the CRD schema, the operator and the portal, so every door applies one rule. */
public final class Validation {
  public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
  /** A fully qualified host name: lower case labels, at least one dot, no scheme, port, path or wildcard. */
  public static final String HOST_NAME =
      "^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$";
  public static final String E164 = "^\\+[1-9][0-9]{6,14}$";
  public static final String HTTPS_ORIGIN =
      "^https://([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)*[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(:[0-9]{1,5})?$";
  public static final String HTTPS_URL = "^https://[^\\s/$.?#][^\\s]*$";
  public static final String EMAIL = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";
  public static final String HEX_COLOUR = "^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$";
  public static final String TIME_OF_DAY = "^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$";
  public static final String DATE = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";
  public static final String TIME_ZONE = "^[A-Za-z]+(/[A-Za-z0-9_+-]+){0,2}$|^UTC$";
  public static final String LANGUAGE_TAG = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$";
  public static final String COUNTRY = "^[A-Z]{2}$";
  public static final String CURRENCY = "^[A-Z]{3}$";
  public static final String TOOL_NAME = "^[a-z][a-z0-9_]{1,39}$";
  /** Ultravox's parameter names (letters, digits, _), starting with a letter so none looks like a number. */
  public static final String ARGUMENT_NAME = "^[A-Za-z][A-Za-z0-9_]{0,63}$";

  /** The platform's own tools: a custom tool by one of these names would hide it (the agent's names are unique). */
  public static final List<String> BUILT_IN_TOOLS = List.of(
      "business_info", "business_hours", "transfer_to_staff", "search_knowledge", "get_menu", "place_order",
      "order_status", "list_services", "check_availability", "book_appointment",
      "reschedule_appointment", "cancel_appointment", "list_categories", "create_ticket", "ticket_status");

  static final String BUILT_IN_TOOLS_CEL = "['business_info', 'business_hours', 'transfer_to_staff',"
      + " 'search_knowledge', 'get_menu', 'place_order', 'order_status', 'list_services', 'check_availability',"
      + " 'book_appointment', 'reschedule_appointment', 'cancel_appointment', 'list_categories', 'create_ticket',"
      + " 'ticket_status']";

  public static final List<String> RESERVED_SUBDOMAINS = List.of(
      "www", "api", "admin", "app", "docs", "mail", "status", "portal", "dashboard", "static",
      "assets", "cdn", "help", "support-center", "billing", "auth", "login", "mcp", "webhooks",
      "ftp", "smtp", "imap", "pop", "ns1", "ns2", "localhost", "platform", "voice");

  static final String RESERVED_SUBDOMAINS_CEL = "['www', 'api', 'admin', 'app', 'docs', 'mail', 'status',"
      + " 'portal', 'dashboard', 'static', 'assets', 'cdn', 'help', 'support-center', 'billing', 'auth',"
      + " 'login', 'mcp', 'webhooks', 'ftp', 'smtp', 'imap', 'pop', 'ns1', 'ns2', 'localhost', 'platform',"
      + " 'voice']";

  private Validation() {}

  /** The CEL literal must list exactly {@link #RESERVED_SUBDOMAINS}; a test holds the two together. */
  static String reservedAsCel() {
    return asCel(RESERVED_SUBDOMAINS);
  }

  /** The same for {@link #BUILT_IN_TOOLS_CEL}. */
  static String builtInToolsAsCel() {
    return asCel(BUILT_IN_TOOLS);
  }

  private static String asCel(List<String> names) {
    return names.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", ", "[", "]"));
  }
}
