package com.qastco.voice.integrations.ultravox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.integrations.Json;
import com.qastco.voice.integrations.http.HttpCalls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ultravox's REST API ({@code X-API-Key}, JSON, cursor-paginated lists), as Ultravox's API
 * reference describes it: calls (inline or from an agent), agents and webhooks. Nothing here retries; a failure is an
 * {@link ExternalSystemException} that says whether it is worth retrying and after how long.
 */
public final class UltravoxApi {
  public static final String SYSTEM = "Ultravox";
  private final String base;
  private final String apiKey;
  private final Duration timeout;
  private final HttpClient http;

  /** {@code baseUrl} ends in {@code /api}, e.g. https://api.ultravox.ai/api. */
  public UltravoxApi(String baseUrl, String apiKey, Duration timeout) {
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.apiKey = apiKey;
    this.timeout = timeout;
    this.http = HttpCalls.client(timeout);
  }

  public record CreatedCall(String callId, String joinUrl) {}

  public record Agent(String agentId, String name, JsonNode callTemplate) {}

  public record Webhook(String webhookId, String url, List<String> events, String agentId) {}

  /** {@code POST /calls}: a call with everything inline. */
  public CreatedCall createCall(Map<String, Object> request) {
    return created(send("POST", base + "/calls", request));
  }

  /** {@code POST /agents/{id}/calls}: a call from the agent's template, with this call's own settings. */
  public CreatedCall createAgentCall(String agentId, Map<String, Object> request) {
    return created(send("POST", base + "/agents/" + agentId + "/calls", request));
  }

  /** Every message of a call, in order: the transcript, tool calls and their results included. */
  public List<JsonNode> messages(String callId) {
    return listAll(base + "/calls/" + callId + "/messages?pageSize=200");
  }

  public Optional<Agent> findAgent(String name) {
    return listAll(base + "/agents?pageSize=100").stream()
        .filter(a -> name.equals(a.path("name").asText())).findFirst().map(UltravoxApi::agent);
  }

  public Optional<Agent> getAgent(String agentId) {
    try {
      return Optional.of(agent(send("GET", base + "/agents/" + agentId, null)));
    } catch (NotFound e) {
      return Optional.empty();
    }
  }

  public Agent createAgent(String name, Map<String, Object> callTemplate) {
    return agent(send("POST", base + "/agents", Map.of("name", name, "callTemplate", callTemplate)));
  }

  public Agent updateAgent(String agentId, String name, Map<String, Object> callTemplate) {
    return agent(send("PATCH", base + "/agents/" + agentId, Map.of("name", name, "callTemplate", callTemplate)));
  }

  /** Deletes an agent; one that is already gone counts as deleted. */
  public void deleteAgent(String agentId) {
    try {
      send("DELETE", base + "/agents/" + agentId, null);
    } catch (NotFound e) {
      // already gone
    }
  }

  public List<Webhook> webhooks() {
    return listAll(base + "/webhooks?pageSize=100").stream().map(UltravoxApi::webhook).toList();
  }

  public Webhook createWebhook(String url, List<String> events, List<String> secrets) {
    return webhook(send("POST", base + "/webhooks", Map.of("url", url, "events", events, "secrets", secrets)));
  }

  public Webhook updateWebhook(String webhookId, String url, List<String> events, List<String> secrets) {
    return webhook(send("PATCH", base + "/webhooks/" + webhookId,
        Map.of("url", url, "events", events, "secrets", secrets)));
  }

  private List<JsonNode> listAll(String firstPage) {
    List<JsonNode> results = new ArrayList<>();
    String page = firstPage;
    for (int pages = 0; page != null && pages < 1_000; pages++) {
      JsonNode answer = send("GET", page, null);
      answer.path("results").forEach(results::add);
      String next = answer.path("next").asText(null);
      page = next == null || next.isBlank() ? null : next;
    }
    return results;
  }

  private static CreatedCall created(JsonNode call) {
    String callId = call.path("callId").asText(null);
    String joinUrl = call.path("joinUrl").asText(null);
    if (callId == null || joinUrl == null) {
      throw new ExternalSystemException(SYSTEM, ExternalSystemException.Kind.FAILED,
          "Ultravox answered without a call id or join URL", null, null);
    }
    return new CreatedCall(callId, joinUrl);
  }

  private static Agent agent(JsonNode node) {
    return new Agent(node.path("agentId").asText(), node.path("name").asText(), node.path("callTemplate"));
  }

  private static Webhook webhook(JsonNode node) {
    List<String> events = new ArrayList<>();
    node.path("events").forEach(e -> events.add(e.asText()));
    return new Webhook(node.path("webhookId").asText(), node.path("url").asText(), events,
        node.path("agentId").asText(null));
  }

  private JsonNode send(String method, String url, Object body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
        .header("X-API-Key", apiKey).header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json").method(method,
          HttpRequest.BodyPublishers.ofString(Json.write(body)));
    }
    HttpResponse<String> response = HttpCalls.send(http, request.build(), SYSTEM);
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return parse(response.body());
    }
    String detail = detail(response.body());
    if (status == 404) {
      throw new NotFound("Ultravox: not found (" + method + " " + URI.create(url).getPath() + ")");
    }
    String what = switch (status) {
      case 401, 403 -> "Ultravox refused the platform's API key (" + status + ")";
      case 429 -> "Ultravox is at its rate or concurrency limit";
      default -> "Ultravox answered " + status;
    };
    throw new ExternalSystemException(SYSTEM, ExternalSystemException.kindOf(status),
        what + (detail.isEmpty() ? "" : ": " + detail), HttpCalls.retryAfter(response).orElse(null), null);
  }

  /** The error body's text, short; Ultravox's 4xx bodies are Django-style and not documented. */
  private static String detail(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String text = body.strip();
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ExternalSystemException(SYSTEM, ExternalSystemException.Kind.FAILED, "Ultravox's answer is not JSON",
          null, e);
    }
  }



  /** A 404: the agent, webhook or call does not exist (any more). */
  public static final class NotFound extends ExternalSystemException {
    NotFound(String message) {
      super(SYSTEM, Kind.REJECTED, message, null, null);
    }
  }
}
