package com.qastco.voice.integrations.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * ERPNext v15 with the voice_agent_saas app, as Frappe's REST API documentation and the app's
 * contract.json describe it: token auth (401 AuthenticationError), resource routes answering {@code data}, method routes answering
 * {@code message}, errors with {@code exc_type} and double-encoded {@code _server_messages}; a Company needs its
 * mandatory fields and existing Currency and Country links (417), a taken name is 409 DuplicateEntryError, a taken
 * abbreviation is 417 ValidationError; creating one takes as long as {@link #companyCreationTakes} says.
 */
public final class FrappeFake extends StatefulFake {
  public static final String API_KEY = "fake-erp-key";
  public static final String API_SECRET = "fake-erp-secret";
  private static final Set<String> COUNTRIES = Set.of("United States", "Germany", "United Kingdom", "France",
      "Canada", "Italy", "Spain", "Netherlands", "Switzerland", "Austria", "Australia", "India");
  private static final Set<String> CURRENCIES = Set.of("USD", "EUR", "GBP", "CAD", "CHF", "AUD", "INR");
  private final Map<String, Map<String, ObjectNode>> docs = new LinkedHashMap<>();
  private Function<String, Duration> companyDelay = name -> Duration.ZERO;
  private int companyInserts;
  private final Map<String, Integer> methodCalls = new LinkedHashMap<>();
  private static final Map<String, String> VOICE_DOCTYPES = Map.of(
      "voice_agent_saas.api.place_order", "Voice Restaurant Order",
      "voice_agent_saas.api.book_appointment", "Voice Appointment",
      "voice_agent_saas.api.cancel_appointment", "Voice Appointment",
      "voice_agent_saas.api.reschedule_appointment", "Voice Appointment",
      "voice_agent_saas.api.create_ticket", "Voice Support Ticket",
      "voice_agent_saas.api.record_usage_invoice", "Sales Invoice");

  /** How long creating each company takes (by company name), like the chart-of-accounts set-up does. */
  public synchronized void companyCreationTakes(Function<String, Duration> delay) {
    this.companyDelay = delay;
  }

  public synchronized Map<String, ObjectNode> documents(String doctype) {
    return Map.copyOf(docs.getOrDefault(doctype, Map.of()));
  }

  /** The voice_agent_saas methods this fake answers (each must be in the app's contract.json). */
  public static final Set<String> METHODS = Set.of("voice_agent_saas.api.upsert_business_registration",
      "voice_agent_saas.api.deactivate_business", "voice_agent_saas.api.place_order",
      "voice_agent_saas.api.book_appointment", "voice_agent_saas.api.cancel_appointment",
      "voice_agent_saas.api.reschedule_appointment", "voice_agent_saas.api.create_ticket",
      "voice_agent_saas.api.record_usage_invoice");

  /**
   * The voice_agent_saas app's contract, generated from its code (erpnext-app/voice_agent_saas/contract.json):
   * the Java tests that call its methods check their arguments against it. Read from a module's directory.
   */
  public static JsonNode contract() {
    try {
      return JSON.readTree(java.nio.file.Path.of("../erpnext-app/voice_agent_saas/contract.json").toFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A method's parameter names in the contract: required ones, or all it accepts. */
  public static Set<String> contractParameters(String method, boolean requiredOnly) {
    JsonNode entry = contract().path("methods").path(method);
    Set<String> names = new java.util.TreeSet<>();
    entry.path("required").forEach(n -> names.add(n.asText()));
    if (!requiredOnly) {
      entry.path("optional").forEach(n -> names.add(n.asText()));
    }
    return names;
  }

  /** How many company inserts succeeded: more than one per Business is a duplicate. */
  public synchronized int companyInserts() {
    return companyInserts;
  }

  /** How often each whitelisted method was called, by method and external id ("method external_id"). */
  public synchronized Map<String, Integer> methodCalls() {
    return Map.copyOf(methodCalls);
  }

  /** A Business Registration as the operator leaves it: the business id linked to a company. */
  public synchronized void register(String businessId, String company) {
    put("Company", company, Map.of("company_name", company, "abbr", company.substring(0, 1)));
    put("Business Registration", businessId, Map.of("business_id", businessId, "company", company, "active", 1));
  }

  /** Adds a document directly, as if another user had created it. */
  public synchronized void put(String doctype, String name, Map<String, Object> fields) {
    ObjectNode doc = JSON.valueToTree(fields);
    doc.put("name", name);
    docs.computeIfAbsent(doctype, d -> new LinkedHashMap<>()).put(name, doc);
  }

  @Override
  protected ResponseDefinitionBuilder handle(Request request) {
    if (!("token " + API_KEY + ":" + API_SECRET).equals(request.getHeader("Authorization"))) {
      return error(401, "AuthenticationError", "Invalid API key or secret");
    }
    String url = request.getUrl();
    String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
    String method = request.getMethod().getName();
    try {
      if (path.startsWith("/api/method/")) {
        return method(path.substring("/api/method/".length()), JSON.readTree(request.getBodyAsString()));
      }
      if (path.startsWith("/api/resource/")) {
        String[] parts = path.substring("/api/resource/".length()).split("/", 2);
        String doctype = decode(parts[0]);
        String name = parts.length > 1 ? decode(parts[1]) : null;
        return resource(method, doctype, name, url, request);
      }
    } catch (java.io.IOException e) {
      return error(417, "ValidationError", "Invalid JSON");
    }
    return error(404, "DoesNotExistError", "Page not found");
  }

  private ResponseDefinitionBuilder resource(String method, String doctype, String name, String url,
                                             Request request) throws java.io.IOException {
    Map<String, ObjectNode> table = docs.computeIfAbsent(doctype, d -> new LinkedHashMap<>());
    switch (method) {
      case "GET" -> {
        if (name != null) {
          ObjectNode doc = table.get(name);
          return doc == null ? error(404, "DoesNotExistError", doctype + " " + name + " not found")
              : json(200, Map.of("data", doc));
        }
        return json(200, Map.of("data", list(table, url)));
      }
      case "POST" -> {
        ObjectNode body = (ObjectNode) JSON.readTree(request.getBodyAsString());
        return "Company".equals(doctype) ? insertCompany(table, body)
            : error(403, "PermissionError", "Not permitted");
      }
      case "PUT" -> {
        ObjectNode doc = table.get(name);
        if (doc == null) {
          return error(404, "DoesNotExistError", doctype + " " + name + " not found");
        }
        doc.setAll((ObjectNode) JSON.readTree(request.getBodyAsString()));
        doc.put("name", name);
        return json(200, Map.of("data", doc));
      }
      case "DELETE" -> {
        if (table.remove(name) == null) {
          return error(404, "DoesNotExistError", doctype + " " + name + " not found");
        }
        return json(202, Map.of("data", "ok"));
      }
      default -> {
        return error(403, "PermissionError", "Not permitted");
      }
    }
  }

  private ResponseDefinitionBuilder insertCompany(Map<String, ObjectNode> companies, ObjectNode body) {
    for (String field : List.of("company_name", "abbr", "default_currency", "country")) {
      if (body.path(field).asText("").isBlank()) {
        return error(417, "MandatoryError", "Error: Value missing for Company: " + field);
      }
    }
    String name = body.get("company_name").asText();
    if (!COUNTRIES.contains(body.get("country").asText())) {
      return error(417, "LinkValidationError", "Could not find Country: " + body.get("country").asText());
    }
    if (!CURRENCIES.contains(body.get("default_currency").asText())) {
      return error(417, "LinkValidationError", "Could not find Default Currency: "
          + body.get("default_currency").asText());
    }
    if (companies.containsKey(name)) {
      return error(409, "DuplicateEntryError", "Company " + name + " already exists");
    }
    String abbr = body.get("abbr").asText();
    if (companies.values().stream().anyMatch(c -> c.path("abbr").asText().equalsIgnoreCase(abbr))) {
      return error(417, "ValidationError", "Abbreviation already used for another company");
    }
    ObjectNode doc = body.deepCopy();
    doc.put("name", name);
    doc.put("doctype", "Company");
    companies.put(name, doc);
    companyInserts++;
    // The company exists as soon as the insert commits; the answer arrives after the set-up, like Frappe's.
    return delayed(json(200, Map.of("data", doc)), companyDelay.apply(name));
  }

  private ResponseDefinitionBuilder method(String name, JsonNode args) {
    Map<String, ObjectNode> registrations = docs.computeIfAbsent("Business Registration", d -> new LinkedHashMap<>());
    switch (name) {
      case "ping" -> {
        return json(200, Map.of("message", "pong"));
      }
      case "voice_agent_saas.api.upsert_business_registration" -> {
        String businessId = args.path("business_id").asText("");
        String company = args.path("company").asText("");
        if (businessId.isBlank() || company.isBlank()) {
          return error(417, "MandatoryError", "business_id and company are required");
        }
        if (!docs.getOrDefault("Company", Map.of()).containsKey(company)) {
          return error(417, "LinkValidationError", "Could not find Company: " + company);
        }
        ObjectNode existing = registrations.get(businessId);
        if (existing != null && !existing.path("company").asText().equals(company)) {
          return error(403, "PermissionError", "Business Registration " + businessId + " belongs to another company");
        }
        ObjectNode doc = existing == null ? JSON.createObjectNode() : existing;
        doc.setAll((ObjectNode) args);
        doc.put("name", businessId);
        doc.put("doctype", "Business Registration");
        registrations.put(businessId, doc);
        return json(200, Map.of("message", doc));
      }
      case "voice_agent_saas.api.deactivate_business" -> {
        ObjectNode doc = registrations.get(args.path("business_id").asText(""));
        if (doc == null) {
          return error(404, "DoesNotExistError", "Business Registration not found");
        }
        doc.put("active", 0);
        return json(200, Map.of("message", doc));
      }
      default -> {
        return VOICE_DOCTYPES.containsKey(name) ? voiceDocument(name, args)
            : error(403, "PermissionError", "Function " + name + " is not whitelisted.");
      }
    }
  }

  /**
   * The app's voice documents: scoped to the company of the Business Registration named, idempotent on the
   * platform's external id (a repeat returns the first document; a cancellation marks it cancelled).
   */
  private ResponseDefinitionBuilder voiceDocument(String method, JsonNode args) {
    String businessId = args.path("business_id").asText("");
    String externalId = args.path("external_id").asText("");
    methodCalls.merge(method + " " + externalId, 1, Integer::sum);
    ObjectNode registration = docs.getOrDefault("Business Registration", Map.of()).get(businessId);
    if (registration == null) {
      return error(417, "ValidationError", "No Business Registration " + businessId);
    }
    if (externalId.isBlank() || !args.path("payload").isObject()) {
      return error(417, "MandatoryError", "external_id and payload are required");
    }
    Map<String, ObjectNode> table = docs.computeIfAbsent(VOICE_DOCTYPES.get(method), d -> new LinkedHashMap<>());
    ObjectNode doc = table.get(externalId);
    if (method.endsWith("cancel_appointment")) {
      if (doc == null) {
        return error(404, "DoesNotExistError", "Voice Appointment " + externalId + " not found");
      }
      doc.put("status", "Cancelled");
      return json(200, Map.of("message", doc));
    }
    if (method.endsWith("reschedule_appointment")) { // the app's own rules: a cancelled one is not moved
      if (doc == null) {
        return error(404, "DoesNotExistError", "Voice Appointment " + externalId + " not found");
      }
      if ("Cancelled".equals(doc.path("status").asText())) {
        return error(417, "ValidationError", "Voice Appointment " + externalId + " is cancelled");
      }
      for (String field : List.of("startsAt", "endsAt", "staff", "resourceId")) {
        doc.set(field, args.path("payload").path(field));
      }
      return json(200, Map.of("message", doc));
    }
    if (doc == null) {
      doc = ((ObjectNode) args.get("payload")).deepCopy();
      doc.put("name", "VOICE-" + (table.size() + 1));
      doc.put("external_id", externalId);
      doc.put("company", registration.path("company").asText());
      table.put(externalId, doc);
    }
    return json(200, Map.of("message", doc));
  }

  /** {@code filters} with "=" only, and every field returned: enough for look-ups by a key. */
  private static List<ObjectNode> list(Map<String, ObjectNode> table, String url) {
    List<ObjectNode> rows = new ArrayList<>(table.values());
    String filters = query(url, "filters");
    if (filters != null) {
      try {
        for (JsonNode filter : JSON.readTree(filters)) {
          String field = filter.get(0).asText();
          String value = filter.get(2).asText();
          rows.removeIf(row -> !row.path(field).asText().equals(value));
        }
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException(e);
      }
    }
    return rows;
  }

  private static String query(String url, String name) {
    if (!url.contains("?")) {
      return null;
    }
    for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv[0].equals(name) && kv.length == 2) {
        return decode(kv[1]);
      }
    }
    return null;
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  /** Frappe's v1 error envelope: exc_type, the exception line, and _server_messages encoded twice. */
  public static ResponseDefinitionBuilder error(int status, String excType, String message) {
    try {
      String inner = JSON.writeValueAsString(Map.of("message", message, "title", "Message", "indicator", "red",
          "raise_exception", 1));
      return json(status, Map.of("exc_type", excType,
          "exception", "frappe.exceptions." + excType + ": " + message,
          "_server_messages", JSON.writeValueAsString(List.of(inner))));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
