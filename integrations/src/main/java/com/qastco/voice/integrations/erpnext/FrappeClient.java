package com.qastco.voice.integrations.erpnext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.qastco.voice.integrations.Json;
import com.qastco.voice.integrations.http.HttpCalls;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Frappe's v1 REST API (ERPNext v15) with token auth: documents under {@code /api/resource/<DocType>}, whitelisted
 * methods under {@code /api/method/<path>}. Resource answers carry {@code data}, method answers {@code message};
 * errors carry {@code exc_type} and {@code _server_messages} (a JSON string of JSON strings), decoded here into a
 * {@link FrappeException} with a readable message.
 */
public final class FrappeClient {
  private final URI base;
  private final String authorization;
  private final String site;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param site    the Frappe site to address (X-Frappe-Site-Name), or null to let the Host decide
   * @param timeout per request; company creation runs the whole chart-of-accounts set-up inside one request, so
   *                this is long (Frappe's own workers give up at 120 s)
   */
  public FrappeClient(URI base, String apiKey, String apiSecret, String site, Duration timeout) {
    this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
    this.authorization = "token " + apiKey + ":" + apiSecret;
    this.site = site;
    this.timeout = timeout;
    this.http = HttpCalls.client(Duration.ofSeconds(10));
  }

  /** The document, or empty when it does not exist (or is not readable by the platform's user). */
  public Optional<JsonNode> get(String doctype, String name) {
    try {
      return Optional.of(send("GET", "api/resource/" + path(doctype) + "/" + path(name), null).path("data"));
    } catch (FrappeException e) {
      if (e.isMissing() || e.status() == 403) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Documents matching {@code filters} (each {@code [field, operator, value]}), with the named fields. */
  public List<JsonNode> list(String doctype, List<List<Object>> filters, List<String> fields) {
    String query = "?filters=" + encode(Json.write(filters)) + "&fields=" + encode(Json.write(fields)) + "&limit_page_length=0";
    List<JsonNode> rows = new ArrayList<>();
    send("GET", "api/resource/" + path(doctype) + query, null).path("data").forEach(rows::add);
    return rows;
  }

  public JsonNode insert(String doctype, Map<String, ?> fields) {
    return send("POST", "api/resource/" + path(doctype), fields).path("data");
  }

  public JsonNode update(String doctype, String name, Map<String, ?> fields) {
    return send("PUT", "api/resource/" + path(doctype) + "/" + path(name), fields).path("data");
  }

  /** Deletes a document; one that is already gone counts as deleted. */
  public void delete(String doctype, String name) {
    try {
      send("DELETE", "api/resource/" + path(doctype) + "/" + path(name), null);
    } catch (FrappeException e) {
      if (!e.isMissing()) {
        throw e;
      }
    }
  }

  /** Calls a whitelisted method with a JSON body; returns its {@code message}. */
  public JsonNode call(String method, Map<String, ?> arguments) {
    return send("POST", "api/method/" + method, arguments).path("message");
  }

  private JsonNode send(String method, String path, Object body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
        .timeout(timeout)
        .header("Authorization", authorization)
        .header("Accept", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(Json.write(body)));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (site != null) {
      request.header("X-Frappe-Site-Name", site);
    }
    HttpResponse<String> response = HttpCalls.send(http, request.build(), "ERPNext");
    int status = response.statusCode();
    JsonNode answer = parse(response.body());
    if (status >= 200 && status < 300) {
      return answer;
    }
    String excType = answer.path("exc_type").asText(null);
    throw new FrappeException(status, excType, describe(status, excType, answer),
        HttpCalls.retryAfter(response).orElse(null));
  }

  /** The first server message, without HTML, else the exception line, else the status. */
  static String describe(int status, String excType, JsonNode answer) {
    String text = null;
    String messages = answer.path("_server_messages").asText(null);
    if (messages != null) {
      try {
        JsonNode list = Json.MAPPER.readTree(messages);
        if (list.isArray() && !list.isEmpty()) {
          JsonNode first = list.get(0).isTextual() ? Json.MAPPER.readTree(list.get(0).asText()) : list.get(0);
          text = first.path("message").asText(null);
        }
      } catch (JsonProcessingException e) {
        text = null;
      }
    }
    if (text == null) {
      text = answer.path("exception").asText(null);
    }
    String clean = text == null ? "HTTP " + status : text.replaceAll("<[^>]*>", "").trim();
    return "ERPNext answered " + status + (excType == null ? "" : " " + excType) + ": " + clean;
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return Json.MAPPER.createObjectNode(); // a proxy's HTML error page, say: the status tells what happened
    }
  }


  private static String path(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
