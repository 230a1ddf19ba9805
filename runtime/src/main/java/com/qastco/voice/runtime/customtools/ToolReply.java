package com.qastco.voice.runtime.customtools;

import com.fasterxml.jackson.databind.JsonNode;
import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.integrations.Json;
import com.qastco.voice.runtime.outbound.TenantHttp;
import com.qastco.voice.runtime.tools.RemoteTools.Result;
import com.qastco.voice.runtime.tools.Spoken;
import com.qastco.voice.runtime.tools.ToolAnswer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the agent is told from a custom tool's endpoint, as a pure function of its answer. The contract: a JSON
 * object, its {@code say} said as is (cut to what is spoken in a breath), {@code ok} false for a refusal, and
 * {@code data} passed on; without {@code say}, its top-level values are read out ("inStock: true, count: 4"). Plain
 * text is said as is. Anything else, a failure or silence becomes a sentence the agent can say, and the reason the
 * owner sees ({@code problem}), never the endpoint's body or a trace.
 */
final class ToolReply {
  static final int MAX_DATA_FIELDS = 20;

  private ToolReply() {}

  static Result of(String tool, TenantHttp.Reply reply) {
    String contentType = reply.contentType();
    int status = reply.status();
    if (status >= 300 && status < 400) {
      return settled(refusal(tool, "The " + tool + " endpoint answered with a redirect (" + status + "); the platform"
          + " does not follow redirects"));
    }
    if (status == 429 || status >= 500) {
      return new Result(refusal(tool, "The " + tool + " endpoint answered " + status), false);
    }
    if (reply.truncated()) {
      return settled(refusal(tool, "The " + tool + " endpoint's answer is longer than the platform reads"));
    }
    String body = reply.body().strip();
    JsonNode json = json(body, contentType);
    if (status >= 400) { // the endpoint refused: its own sentence when it gave one
      String say = json != null && json.path("say").isTextual() ? Spoken.excerpt(json.path("say").asText()) : null;
      return settled(say == null || say.isBlank() ? refusal(tool, "The " + tool + " endpoint answered " + status)
          : new ToolAnswer(false, say, Map.of("problem", "The " + tool + " endpoint answered " + status)));
    }
    if (body.isEmpty()) {
      return settled(ToolAnswer.ok("Done.", Map.of()));
    }
    if (json == null) {
      if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/plain")) {
        return settled(ToolAnswer.ok(Spoken.excerpt(body), Map.of()));
      }
      return settled(refusal(tool, "The " + tool + " endpoint's answer is neither a JSON object nor plain text"));
    }
    if (!json.isObject()) {
      return settled(refusal(tool, "The " + tool + " endpoint's answer is JSON but not an object"));
    }
    boolean ok = !json.path("ok").isBoolean() || json.path("ok").asBoolean();
    Map<String, Object> data = new LinkedHashMap<>();
    JsonNode given = json.has("data") ? json.path("data") : json;
    given.fields().forEachRemaining(f -> {
      if (data.size() < MAX_DATA_FIELDS && !(given == json && (f.getKey().equals("say") || f.getKey().equals("ok")))) {
        data.put(f.getKey(), Json.MAPPER.convertValue(f.getValue(), Object.class));
      }
    });
    String say = json.path("say").isTextual() && !json.path("say").asText().isBlank()
        ? Spoken.excerpt(json.path("say").asText()) : readOut(given);
    return settled(new ToolAnswer(ok, say, data));
  }

  /** A failure to reach the endpoint at all. */
  static Result of(String tool, ExternalSystemException e) {
    boolean settled = e.kind() == ExternalSystemException.Kind.REJECTED;
    return new Result(refusal(tool, e.getMessage()), settled);
  }

  static ToolAnswer refusal(String tool, String problem) {
    return new ToolAnswer(false, "I'm sorry, I couldn't get that information right now. Can I help with something"
        + " else, or take a message for the team?", Map.of("problem", problem, "tool", tool));
  }

  private static Result settled(ToolAnswer answer) {
    return new Result(answer, true);
  }

  private static JsonNode json(String body, String contentType) {
    boolean declared = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("json");
    if (!declared && !(body.startsWith("{") || body.startsWith("["))) {
      return null;
    }
    try {
      return Json.tree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
  }

  /** The top-level plain values, as "name: value" in the endpoint's order. */
  private static String readOut(JsonNode object) {
    List<String> parts = new ArrayList<>();
    object.fields().forEachRemaining(f -> {
      if (f.getValue().isValueNode() && !f.getValue().isNull()) {
        parts.add(f.getKey() + ": " + f.getValue().asText());
      }
    });
    return parts.isEmpty() ? "Done." : Spoken.excerpt(String.join(", ", parts) + ".");
  }
}
