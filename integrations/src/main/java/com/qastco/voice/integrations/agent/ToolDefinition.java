package com.qastco.voice.integrations.agent;

import java.util.List;
import java.util.Map;

/**
 * One tool as the voice agent (and MCP clients) see it: a name, what it is for, and the JSON Schema of its
 * arguments. The one definition every transport is built from.
 */
public record ToolDefinition(String name, String description, Map<String, Object> inputSchema) {

  /**
   * Ultravox's HTTP tool: body parameters from the schema, the call id added automatically, and the per-call
   * token in a header, taken from {@code tokenParameter} (a static parameter or an auth requirement).
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> toUltravox(String toolsUrl, Map<String, Object> tokenParameter) {
    Map<String, Object> properties = (Map<String, Object>) inputSchema.getOrDefault("properties", Map.of());
    List<String> required = (List<String>) inputSchema.getOrDefault("required", List.of());
    java.util.LinkedHashMap<String, Object> tool = new java.util.LinkedHashMap<>();
    tool.put("modelToolName", name);
    tool.put("description", description);
    tool.put("dynamicParameters", properties.entrySet().stream().map(p -> Map.of(
        "name", p.getKey(),
        "location", "PARAMETER_LOCATION_BODY",
        "schema", p.getValue(),
        "required", required.contains(p.getKey()))).toList());
    tool.put("automaticParameters", List.of(Map.of(
        "name", "callId", "location", "PARAMETER_LOCATION_BODY", "knownValue", "KNOWN_PARAM_CALL_ID")));
    tool.put("http", Map.of("baseUrlPattern", toolsUrl + "/" + name, "httpMethod", "POST"));
    tool.putAll(tokenParameter);
    return tool;
  }
}
