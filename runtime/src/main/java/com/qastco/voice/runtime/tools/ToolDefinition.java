package com.qastco.voice.runtime.tools;

import java.util.Map;

/**
 * One tool as the voice agent (and later MCP clients) see it: a name, what it is for, and the JSON Schema of
 * its arguments. The one definition every transport is built from.
 */
public record ToolDefinition(String name, String description, Map<String, Object> inputSchema) {

  /** Ultravox's temporary tool: body parameters from the schema, the call id added automatically. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> toUltravox(String baseUrl, String tokenRequirement, String tokenHeader) {
    Map<String, Object> properties = (Map<String, Object>) inputSchema.getOrDefault("properties", Map.of());
    java.util.List<String> required = (java.util.List<String>) inputSchema.getOrDefault("required",
        java.util.List.of());
    return Map.of(
        "modelToolName", name,
        "description", description,
        "dynamicParameters", properties.entrySet().stream().map(p -> Map.of(
            "name", p.getKey(),
            "location", "PARAMETER_LOCATION_BODY",
            "schema", p.getValue(),
            "required", required.contains(p.getKey()))).toList(),
        "automaticParameters", java.util.List.of(Map.of(
            "name", "callId", "location", "PARAMETER_LOCATION_BODY", "knownValue", "KNOWN_PARAM_CALL_ID")),
        "http", Map.of("baseUrlPattern", baseUrl + "/" + name, "httpMethod", "POST"),
        "requirements", Map.of("httpSecurityOptions", Map.of("options", java.util.List.of(Map.of(
            "requirements", Map.of(tokenRequirement, Map.of("headerApiKey", Map.of("name", tokenHeader))))))));
  }
}
