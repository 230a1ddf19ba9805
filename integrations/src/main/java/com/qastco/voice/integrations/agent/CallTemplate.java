package com.qastco.voice.integrations.agent;

import com.qastco.voice.api.v1alpha1.BusinessSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an Ultravox call of a Business is made of: the system prompt, the voice settings and the tools of its
 * type pointing at the runtime. The operator keeps it in the Business's agent; the runtime starts calls from the
 * agent, passing only the per-call token, or, for a Business without an agent, sends the same template inline.
 */
public final class CallTemplate {
  /** The header in which every tool call carries the per-call token the runtime minted. */
  public static final String TOKEN_HEADER = "X-Call-Token";
  /** The agent's template variable the runtime fills with the token in each call's templateContext. */
  public static final String TOKEN_VARIABLE = "callToken";
  private static final String TOKEN_REQUIREMENT = "callToken";
  private static final int DEFAULT_MAX_SECONDS = 600;

  private CallTemplate() {}

  /** The agent's call template: the token is a template variable, filled when each call starts. */
  public static Map<String, Object> forAgent(BusinessSpec spec, String tenantUrl, Duration joinTimeout) {
    Map<String, Object> template = common(spec, joinTimeout);
    Map<String, Object> tokenHeader = Map.of("staticParameters", List.of(Map.of(
        "name", TOKEN_HEADER, "location", "PARAMETER_LOCATION_HEADER", "value", "{{" + TOKEN_VARIABLE + "}}")));
    template.put("selectedTools", ToolPack.forSpec(spec).stream()
        .map(t -> Map.<String, Object>of("temporaryTool", t.toUltravox(toolsUrl(tenantUrl), tokenHeader)))
        .toList());
    template.put("contextSchema", Map.of("type", "object", "required", List.of(TOKEN_VARIABLE),
        "properties", Map.of(TOKEN_VARIABLE, Map.of("type", "string"))));
    return template;
  }

  /** A whole call without an agent: the token goes in as an auth token, which Ultravox never lists back. */
  public static Map<String, Object> forCall(BusinessSpec spec, String tenantUrl, String token, Duration joinTimeout) {
    Map<String, Object> call = common(spec, joinTimeout);
    Map<String, Object> requirement = Map.of("requirements", Map.of("httpSecurityOptions", Map.of("options",
        List.of(Map.of("requirements", Map.of(TOKEN_REQUIREMENT, Map.of("headerApiKey",
            Map.of("name", TOKEN_HEADER))))))));
    call.put("selectedTools", ToolPack.forSpec(spec).stream()
        .map(t -> Map.<String, Object>of("temporaryTool", t.toUltravox(toolsUrl(tenantUrl), requirement),
            "authTokens", Map.of(TOKEN_REQUIREMENT, token)))
        .toList());
    return call;
  }

  /** How long a call of this Business may last. */
  public static Duration maxDuration(BusinessSpec spec) {
    return Duration.ofSeconds(spec.voice() == null || spec.voice().maxCallDurationSeconds() == null
        ? DEFAULT_MAX_SECONDS : spec.voice().maxCallDurationSeconds());
  }

  private static Map<String, Object> common(BusinessSpec spec, Duration joinTimeout) {
    Map<String, Object> template = new LinkedHashMap<>();
    template.put("systemPrompt", SystemPrompt.of(spec));
    if (spec.voice() != null && spec.voice().voice() != null) {
      template.put("voice", spec.voice().voice());
    }
    if (spec.voice() != null && spec.voice().languageHint() != null) {
      template.put("languageHint", spec.voice().languageHint());
    }
    template.put("maxDuration", maxDuration(spec).toSeconds() + "s");
    template.put("joinTimeout", joinTimeout.toSeconds() + "s");
    template.put("recordingEnabled", spec.voice() != null && Boolean.TRUE.equals(spec.voice().recording()));
    String greeting = spec.voice() != null && spec.voice().greeting() != null ? spec.voice().greeting()
        : "Hello, thanks for calling " + spec.displayName() + ". How can I help?";
    template.put("firstSpeakerSettings", Map.of("agent", Map.of("text", greeting)));
    return template;
  }

  private static String toolsUrl(String tenantUrl) {
    return tenantUrl + "/api/v1/tools";
  }
}
