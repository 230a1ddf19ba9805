package com.qastco.voice.integrations.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One tool as the voice agent (and MCP clients) see it: a name, what it is for, and the JSON Schema of its
 * arguments. The one definition every transport is built from.
 *
 * @param timeout how long Ultravox waits for the answer; null for its default (2.5 s)
 * @param custom one of the Business's own tools (spec.tools), answered by its endpoint through the runtime
 */
public record ToolDefinition(String name, String description, Map<String, Object> inputSchema, Duration timeout,
                             boolean custom) {

  public ToolDefinition(String name, String description, Map<String, Object> inputSchema) {
    this(name, description, inputSchema, null, false);
  }

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
    if (timeout != null) {
      tool.put("timeout", timeout.toMillis() / 1000.0 + "s");
    }
    tool.putAll(tokenParameter);
    return tool;
  }
}
