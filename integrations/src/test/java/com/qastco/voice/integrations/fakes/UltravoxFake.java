package com.qastco.voice.integrations.fakes;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.qastco.voice.integrations.Hmac;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ultravox as its API reference describes it: {@code X-API-Key} on every route
 * (401 otherwise), calls created inline ({@code POST /api/calls}) or from an agent (404 for an unknown agent,
 * {@code {{var}}} filled from {@code templateContext}, 400 for a missing one), agents and webhooks with
 * cursor-paginated lists (pages of two, so clients must follow {@code next}), and the request validation the real
 * service does (duration strings, string metadata, one tool source per selected tool, tool names).
 */
public final class UltravoxFake extends StatefulFake {
  public static final String API_KEY = "fake1234.ultravoxtestkeyultravoxtestkey12";
  private static final Pattern DURATION = Pattern.compile("^-?\\d+(\\.\\d{1,9})?s$");
  private static final Pattern TOOL_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");
  private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([a-zA-Z0-9_.]+)\\s*}}");
  private static final int PAGE = 2;
  private final Map<String, ObjectNode> agents = new LinkedHashMap<>();
  private final Map<String, ObjectNode> webhooks = new LinkedHashMap<>();
  private final List<JsonNode> callRequests = new ArrayList<>();
  private final List<ObjectNode> calls = new ArrayList<>();
  private final Map<String, List<Map<String, Object>>> messages = new LinkedHashMap<>();
  private java.time.Duration agentCreationDelay = java.time.Duration.ZERO;
  private int agentCreations;

  /** Agents are created at once but answered this late, so a client may give up on one that exists. */
  public synchronized void agentCreationTakes(java.time.Duration delay) {
    this.agentCreationDelay = delay;
  }

  public synchronized int agentCreations() {
    return agentCreations;
  }

  public String apiUrl() {
    return baseUrl() + "/api";
  }

  /** Back to a healthy, empty service. */
  public synchronized void reset() {
    heal();
    agents.clear();
    webhooks.clear();
    messages.clear();
    agentCreations = 0;
    agentCreationDelay = java.time.Duration.ZERO;
    callRequests.clear();
    calls.clear();
  }

  /** The next call creations (inline or from an agent) get this answer instead, until {@link #heal()}. */
  public void answerCalls(ResponseDefinitionBuilder answer) {
    server.stubFor(post(urlMatching("/api/(calls|agents/[^/]+/calls)(\\?.*)?")).atPriority(1).willReturn(answer));
  }

  public synchronized Map<String, ObjectNode> agents() {
    return Map.copyOf(agents);
  }

  public synchronized List<ObjectNode> webhooks() {
    return List.copyOf(webhooks.values());
  }

  /** The bodies of every accepted call creation, in order. */
  public synchronized List<JsonNode> callRequests() {
    return List.copyOf(callRequests);
  }

  public synchronized JsonNode lastCallRequest() {
    return callRequests.get(callRequests.size() - 1);
  }

  /** The call as Ultravox made it (for an agent call: the template with the call's values filled in). */
  public synchronized ObjectNode lastCall() {
    return calls.get(calls.size() - 1);
  }

  /** The per-call token the runtime gave Ultravox in the last call: an auth token inline, a template value else. */
  public synchronized String lastCallToken() {
    JsonNode request = lastCallRequest();
    JsonNode context = request.path("templateContext").path("callToken");
    return context.isMissingNode()
        ? request.path("selectedTools").get(0).path("authTokens").path("callToken").asText()
        : context.asText();
  }

  public synchronized String lastCallId() {
    return lastCall().path("callId").asText();
  }

  /** The call as GET /calls/{id} would show it now. */
  public synchronized ObjectNode call(String callId) {
    return calls.stream().filter(c -> callId.equals(c.path("callId").asText())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no call " + callId));
  }

  /** A client joined the call. */
  public synchronized ObjectNode join(String callId) {
    return call(callId).put("joined", Instant.now().toString());
  }

  /** The call ended ({@code hangup}, {@code agent_hangup}, {@code unjoined}, …). */
  public synchronized ObjectNode end(String callId, String reason) {
    return call(callId).put("ended", Instant.now().toString()).put("endReason", reason);
  }

  /** Billing is final: the duration rounded up to 6-second units, as Ultravox bills. */
  public synchronized ObjectNode bill(String callId, long seconds) {
    long billed = (seconds + 5) / 6 * 6;
    return call(callId).put("billedDuration", billed + "s").put("billingStatus", "BILLING_STATUS_BILLED");
  }

  /** What GET /calls/{id}/messages answers for a call. */
  public synchronized void transcript(String callId, List<Map<String, Object>> lines) {
    messages.put(callId, List.copyOf(lines));
  }

  /** A webhook delivery as Ultravox sends it: the exact body, the timestamp header and the signature header. */
  public record Delivery(byte[] body, String timestamp, String signature) {}

  /**
   * The event for a call as it now stands, signed with each secret (comma-joined, as during a rotation) over the
   * body followed by the timestamp (contract §5.4).
   */
  public synchronized Delivery event(String event, String callId, Instant signedAt, String... secrets) {
    try {
      byte[] body = JSON.writeValueAsBytes(Map.of("event", event, "call", call(callId)));
      String timestamp = signedAt.toString();
      List<String> signatures = new ArrayList<>();
      for (String secret : secrets) {
        signatures.add(java.util.HexFormat.of().formatHex(Hmac.sha256(
            Hmac.utf8(secret), body, Hmac.utf8(timestamp))));
      }
      return new Delivery(body, timestamp, String.join(",", signatures));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected ResponseDefinitionBuilder handle(Request request) {
    if (!API_KEY.equals(request.getHeader("X-API-Key"))) {
      return json(401, Map.of("detail", "Invalid API key."));
    }
    String url = request.getUrl();
    String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
    String method = request.getMethod().getName();
    JsonNode body;
    try {
      body = request.getBody().length == 0 ? JSON.createObjectNode() : JSON.readTree(request.getBodyAsString());
    } catch (java.io.IOException e) {
      return json(400, Map.of("detail", "JSON parse error"));
    }
    String[] parts = path.replaceFirst("^/api/", "").split("/");
    return switch (parts[0]) {
      case "calls" -> {
        if ("POST".equals(method) && parts.length == 1) {
          yield createCall((ObjectNode) body, null);
        }
        if ("GET".equals(method) && parts.length == 3 && "messages".equals(parts[2])
            && calls.stream().anyMatch(c -> parts[1].equals(c.path("callId").asText()))) {
          yield page(messages.getOrDefault(parts[1], List.of()).stream()
              .map(m -> (ObjectNode) JSON.valueToTree(m)).toList(), url, "/api/calls/" + parts[1] + "/messages");
        }
        yield json(404, Map.of("detail", "Not found."));
      }
      case "agents" -> agents(method, parts, url, (ObjectNode) body);
      case "webhooks" -> webhooks(method, parts, url, (ObjectNode) body);
      default -> json(404, Map.of("detail", "Not found."));
    };
  }

  private ResponseDefinitionBuilder agents(String method, String[] parts, String url, ObjectNode body) {
    if (parts.length == 1) {
      if ("GET".equals(method)) {
        return page(new ArrayList<>(agents.values()), url, "/api/agents");
      }
      if ("POST".equals(method)) {
        String name = body.path("name").asText("");
        if (name.isEmpty() || name.length() > 64) {
          return json(400, Map.of("name", List.of("Ensure this field has 1 to 64 characters.")));
        }
        ObjectNode agent = JSON.createObjectNode().put("agentId", UUID.randomUUID().toString()).put("name", name)
            .put("created", Instant.now().toString()).put("publishedRevisionId", UUID.randomUUID().toString());
        agent.set("callTemplate", body.path("callTemplate"));
        agents.put(agent.get("agentId").asText(), agent);
        agentCreations++;
        return delayed(json(201, agent), agentCreationDelay);
      }
    }
    ObjectNode agent = agents.get(parts[1]);
    if (agent == null) {
      return json(404, Map.of("detail", "Not found."));
    }
    if (parts.length == 3 && "calls".equals(parts[2]) && "POST".equals(method)) {
      return createCall(body, agent);
    }
    return switch (method) {
      case "GET" -> json(200, agent);
      case "PATCH" -> {
        if (body.has("name")) {
          agent.set("name", body.get("name"));
        }
        if (body.has("callTemplate")) {
          agent.set("callTemplate", body.get("callTemplate"));
        }
        agent.put("publishedRevisionId", UUID.randomUUID().toString());
        yield json(200, agent);
      }
      case "DELETE" -> {
        agents.remove(parts[1]);
        yield com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(204);
      }
      default -> json(405, Map.of("detail", "Method not allowed."));
    };
  }

  private ResponseDefinitionBuilder webhooks(String method, String[] parts, String url, ObjectNode body) {
    if (parts.length == 1 && "GET".equals(method)) {
      return page(new ArrayList<>(webhooks.values()), url, "/api/webhooks");
    }
    if (parts.length == 1 && "POST".equals(method)) {
      ObjectNode hook = JSON.createObjectNode().put("webhookId", UUID.randomUUID().toString())
          .put("created", Instant.now().toString()).put("status", "normal");
      hook.set("url", body.path("url"));
      hook.set("events", body.path("events"));
      hook.set("secrets", body.has("secrets") ? body.get("secrets")
          : JSON.createArrayNode().add(UUID.randomUUID().toString()));
      webhooks.put(hook.get("webhookId").asText(), hook);
      return json(201, hook);
    }
    ObjectNode hook = parts.length > 1 ? webhooks.get(parts[1]) : null;
    if (hook == null) {
      return json(404, Map.of("detail", "Not found."));
    }
    if ("PATCH".equals(method)) {
      body.fields().forEachRemaining(f -> hook.set(f.getKey(), f.getValue()));
      return json(200, hook);
    }
    if ("DELETE".equals(method)) {
      webhooks.remove(parts[1]);
      return com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(204);
    }
    return json(200, hook);
  }

  private ResponseDefinitionBuilder createCall(ObjectNode request, ObjectNode agent) {
    ObjectNode call;
    if (agent != null) {
      call = agent.path("callTemplate").deepCopy();
      call.remove("contextSchema");
      JsonNode context = request.path("templateContext");
      try {
        call = (ObjectNode) fill(call, context);
      } catch (IllegalArgumentException missing) {
        return json(400, Map.of("templateContext", List.of(missing.getMessage())));
      }
      for (var it = request.fields(); it.hasNext(); ) {
        var f = it.next();
        if (!f.getKey().equals("templateContext")) {
          call.set(f.getKey(), f.getValue());
        }
      }
      call.put("agentId", agent.get("agentId").asText());
    } else {
      call = request.deepCopy();
    }
    String invalid = invalid(call);
    if (invalid != null) {
      return json(400, Map.of("detail", invalid));
    }
    callRequests.add(request);
    String callId = UUID.randomUUID().toString();
    call.put("callId", callId).put("joinUrl", "wss://voice.ultravox.example/calls/" + callId + "/join")
        .put("created", Instant.now().toString()).putNull("joined").putNull("ended").putNull("endReason")
        .putNull("billedDuration").put("billingStatus", "BILLING_STATUS_PENDING");
    if (!call.has("model")) {
      call.put("model", "ultravox-v0.7");
    }
    calls.add(call.deepCopy());
    ObjectNode answer = call.deepCopy();
    answer.remove("selectedTools"); // not echoed, as documented
    return json(201, answer);
  }

  /** The checks of §10.2 that a platform could get wrong. */
  private static String invalid(ObjectNode call) {
    for (String field : List.of("maxDuration", "joinTimeout")) {
      if (call.has(field) && !DURATION.matcher(call.get(field).asText()).matches()) {
        return field + ": not a duration like \"30s\"";
      }
    }
    JsonNode metadata = call.path("metadata");
    for (var it = metadata.fields(); it.hasNext(); ) {
      var entry = it.next();
      if (!entry.getValue().isTextual() || entry.getKey().startsWith("ultravox.")) {
        return "metadata." + entry.getKey() + ": values must be strings and keys may not start with ultravox.";
      }
    }
    if (call.has("voice") && call.has("externalVoice")) {
      return "voice and externalVoice are mutually exclusive";
    }
    List<String> names = new ArrayList<>();
    for (JsonNode selected : call.path("selectedTools")) {
      int sources = (selected.has("toolId") ? 1 : 0) + (selected.has("toolName") ? 1 : 0)
          + (selected.has("temporaryTool") ? 1 : 0);
      if (sources != 1) {
        return "selectedTools: exactly one of toolId, toolName, temporaryTool";
      }
      String name = selected.path("temporaryTool").path("modelToolName").asText(selected.path("toolName").asText());
      if (!TOOL_NAME.matcher(name).matches() || names.contains(name)) {
        return "selectedTools: tool names must be unique and match " + TOOL_NAME.pattern();
      }
      names.add(name);
    }
    return null;
  }

  /** Replaces every {{var}} in string values; a variable missing from the context is an error. */
  private static JsonNode fill(JsonNode node, JsonNode context) {
    if (node.isTextual()) {
      Matcher m = VARIABLE.matcher(node.asText());
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        JsonNode value = context.path(m.group(1));
        if (value.isMissingNode() || value.isNull()) {
          throw new IllegalArgumentException("missing template variable " + m.group(1));
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value.asText()));
      }
      m.appendTail(out);
      return new TextNode(out.toString());
    }
    if (node.isObject()) {
      ObjectNode copy = JSON.createObjectNode();
      node.fields().forEachRemaining(f -> copy.set(f.getKey(), fill(f.getValue(), context)));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JSON.createArrayNode();
      node.forEach(n -> copy.add(fill(n, context)));
      return copy;
    }
    return node;
  }

  private ResponseDefinitionBuilder page(List<ObjectNode> all, String url, String path) {
    int from = 0;
    Matcher cursor = Pattern.compile("[?&]cursor=(\\d+)").matcher(url);
    if (cursor.find()) {
      from = Integer.parseInt(cursor.group(1));
    }
    int to = Math.min(all.size(), from + PAGE);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("results", all.subList(from, to));
    answer.put("next", to < all.size() ? baseUrl() + path + "?cursor=" + to : null);
    answer.put("previous", null);
    answer.put("total", all.size());
    return json(200, answer);
  }
}
