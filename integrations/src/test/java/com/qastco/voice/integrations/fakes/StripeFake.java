package com.qastco.voice.integrations.fakes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Stripe's v1 API for customers and subscriptions, as shared/reference/billing.md §1.5 and §3 describe it:
 * Bearer secret-key auth (401), form-encoded bodies with bracketed keys, {@code error} bodies with type, code and
 * message, unknown prices refused (400 resource_missing), and idempotency keys replayed: the same key with the same
 * parameters returns the first answer (with {@code Idempotent-Replayed: true}); with other parameters it is a 400
 * idempotency_error. Subscriptions carry trials, prices with their proration behaviour, and paused collection.
 */
public final class StripeFake extends StatefulFake {
  public static final String API_KEY = "sk_test_fakestripekey0123456789";
  private final Set<String> prices = new CopyOnWriteArraySet<>();
  private final Map<String, ObjectNode> customers = new LinkedHashMap<>();
  private final Map<String, ObjectNode> subscriptions = new LinkedHashMap<>();
  private final Map<String, Replay> idempotency = new LinkedHashMap<>();
  private final List<String> prorations = new ArrayList<>();
  private int creations;
  private java.time.Duration creationDelay = java.time.Duration.ZERO;

  /** Customers and subscriptions are created at once but answered this late, as when a response is lost. */
  public synchronized void creationsTake(java.time.Duration delay) {
    this.creationDelay = delay;
  }

  private record Replay(String method, String path, Map<String, String> params, int status, String body) {}

  public StripeFake withPrices(String... ids) {
    prices.addAll(List.of(ids));
    return this;
  }

  public synchronized Map<String, ObjectNode> customers() {
    return Map.copyOf(customers);
  }

  public synchronized Map<String, ObjectNode> subscriptions() {
    return Map.copyOf(subscriptions);
  }

  /** What Stripe would do on its own (a failed payment makes it past_due, a cancellation canceled). */
  public synchronized void setStatus(String subscriptionId, String status) {
    subscriptions.get(subscriptionId).put("status", status);
  }

  /** Customers and subscriptions actually created (replays excluded). */
  public synchronized int creations() {
    return creations;
  }

  /** The proration behaviour of every price change, in order. */
  public synchronized List<String> prorations() {
    return List.copyOf(prorations);
  }

  @Override
  protected ResponseDefinitionBuilder handle(Request request) {
    if (!("Bearer " + API_KEY).equals(request.getHeader("Authorization"))) {
      return error(401, "invalid_request_error", null, "Invalid API Key provided");
    }
    String url = request.getUrl();
    String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
    String method = request.getMethod().getName();
    Map<String, String> params = form("GET".equals(method) || "DELETE".equals(method)
        ? (url.contains("?") ? url.substring(url.indexOf('?') + 1) : "") : request.getBodyAsString());
    String key = request.getHeader("Idempotency-Key");
    if ("POST".equals(method) && key != null && idempotency.containsKey(key)) {
      Replay first = idempotency.get(key);
      if (!first.path().equals(path) || !first.params().equals(params)) {
        return error(400, "idempotency_error", null, "Keys for idempotent requests can only be used with the same"
            + " parameters they were first used with.");
      }
      return com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(first.status())
          .withHeader("Content-Type", "application/json").withHeader("Idempotent-Replayed", "true")
          .withBody(first.body());
    }
    ResponseDefinitionBuilder answer = route(method, path, params);
    var built = answer.build();
    // Like Stripe: a request refused by validation saves no result, so a corrected retry may reuse the key.
    if ("POST".equals(method) && key != null && (built.getStatus() < 400 || built.getStatus() >= 500)) {
      idempotency.put(key, new Replay(method, path, params, built.getStatus(), built.getBody()));
    }
    return answer;
  }

  private ResponseDefinitionBuilder route(String method, String path, Map<String, String> p) {
    String[] parts = path.replaceFirst("^/v1/", "").split("/");
    if (parts[0].equals("customers")) {
      if (parts.length == 2 && parts[1].equals("search") && "GET".equals(method)) {
        String id = p.getOrDefault("query", "").replaceAll(".*:'([^']*)'.*", "$1");
        return list(customers.values().stream().filter(c -> !c.path("deleted").asBoolean()
            && id.equals(c.path("metadata").path("business_id").asText())).toList(), "search_result");
      }
      if (parts.length == 1 && "POST".equals(method)) {
        ObjectNode customer = JSON.createObjectNode().put("id", "cus_" + id()).put("object", "customer")
            .put("created", Instant.now().getEpochSecond());
        customer.put("name", p.get("name")).put("email", p.get("email"));
        customer.set("metadata", JSON.valueToTree(nested(p, "metadata")));
        customers.put(customer.get("id").asText(), customer);
        creations++;
        return delayed(json(200, customer), creationDelay);
      }
      ObjectNode customer = parts.length > 1 ? customers.get(parts[1]) : null;
      if (customer == null) {
        return error(404, "invalid_request_error", "resource_missing", "No such customer: '" + parts[1] + "'");
      }
      switch (method) {
        case "POST" -> {
          p.forEach((k, v) -> customer.put(k, v));
          return json(200, customer);
        }
        case "DELETE" -> {
          customer.put("deleted", true);
          return json(200, JSON.createObjectNode().put("id", customer.get("id").asText()).put("object", "customer")
              .put("deleted", true));
        }
        default -> {
          return json(200, customer);
        }
      }
    }
    if (parts[0].equals("subscriptions")) {
      if (parts.length == 1 && "GET".equals(method)) {
        String customer = p.get("customer");
        return list(subscriptions.values().stream().filter(s -> customer == null
            || customer.equals(s.path("customer").asText())).toList(), "list");
      }
      if (parts.length == 1 && "POST".equals(method)) {
        return createSubscription(p);
      }
      ObjectNode subscription = subscriptions.get(parts[1]);
      if (subscription == null) {
        return error(404, "invalid_request_error", "resource_missing", "No such subscription: '" + parts[1] + "'");
      }
      return switch (method) {
        case "POST" -> updateSubscription(subscription, p);
        case "DELETE" -> {
          subscription.put("status", "canceled");
          subscription.put("canceled_at", Instant.now().getEpochSecond());
          yield json(200, subscription);
        }
        default -> json(200, subscription);
      };
    }
    return error(404, "invalid_request_error", null, "Unrecognized request URL (" + method + ": " + path + ")");
  }

  private ResponseDefinitionBuilder createSubscription(Map<String, String> p) {
    String customer = p.get("customer");
    if (customer == null || !customers.containsKey(customer)) {
      return error(400, "invalid_request_error", "resource_missing", "No such customer: '" + customer + "'");
    }
    String price = p.get("items[0][price]");
    if (!prices.contains(price)) {
      return error(400, "invalid_request_error", "resource_missing", "No such price: '" + price + "'");
    }
    long trialDays = Long.parseLong(p.getOrDefault("trial_period_days", "0"));
    ObjectNode subscription = JSON.createObjectNode().put("id", "sub_" + id()).put("object", "subscription")
        .put("customer", customer).put("status", trialDays > 0 ? "trialing" : "active")
        .put("created", Instant.now().getEpochSecond());
    if (trialDays > 0) {
      subscription.put("trial_end", Instant.now().plusSeconds(trialDays * 86_400).getEpochSecond());
    }
    subscription.putNull("pause_collection");
    subscription.put("trial_missing_payment_method",
        p.get("trial_settings[end_behavior][missing_payment_method]"));
    subscription.set("metadata", JSON.valueToTree(nested(p, "metadata")));
    subscription.set("items", JSON.valueToTree(Map.of("object", "list", "data", List.of(item(price)))));
    subscriptions.put(subscription.get("id").asText(), subscription);
    creations++;
    return json(200, subscription);
  }

  private ResponseDefinitionBuilder updateSubscription(ObjectNode subscription, Map<String, String> p) {
    if ("canceled".equals(subscription.path("status").asText())) {
      return error(400, "invalid_request_error", null, "A canceled subscription can only update its metadata");
    }
    String price = p.get("items[0][price]");
    if (price != null) {
      if (!prices.contains(price)) {
        return error(400, "invalid_request_error", "resource_missing", "No such price: '" + price + "'");
      }
      ObjectNode item = (ObjectNode) subscription.path("items").path("data").get(0);
      if (!item.path("id").asText().equals(p.get("items[0][id]"))) {
        return error(400, "invalid_request_error", "resource_missing", "No such subscription item");
      }
      item.set("price", JSON.valueToTree(Map.of("id", price, "object", "price")));
      prorations.add(p.getOrDefault("proration_behavior", "create_prorations"));
    }
    if (p.containsKey("pause_collection")) { // "" unsets it
      subscription.putNull("pause_collection");
    }
    if (p.containsKey("pause_collection[behavior]")) {
      subscription.set("pause_collection", JSON.valueToTree(Map.of("behavior", p.get("pause_collection[behavior]"))));
    }
    return json(200, subscription);
  }

  private static Map<String, Object> item(String price) {
    return Map.of("id", "si_" + id(), "object", "subscription_item",
        "price", Map.of("id", price, "object", "price"), "quantity", 1);
  }

  private static ResponseDefinitionBuilder list(List<ObjectNode> data, String object) {
    return json(200, Map.of("object", object, "data", data, "has_more", false, "url", "/v1"));
  }

  private static Map<String, String> nested(Map<String, String> params, String prefix) {
    Map<String, String> values = new TreeMap<>();
    params.forEach((k, v) -> {
      if (k.startsWith(prefix + "[")) {
        values.put(k.substring(prefix.length() + 1, k.length() - 1), v);
      }
    });
    return values;
  }

  private static Map<String, String> form(String body) {
    Map<String, String> params = new TreeMap<>();
    if (body == null || body.isEmpty()) {
      return params;
    }
    for (String pair : body.split("&")) {
      String[] kv = pair.split("=", 2);
      params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return params;
  }

  private static String id() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 14);
  }

  /** Stripe's error body. */
  public static ResponseDefinitionBuilder error(int status, String type, String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("type", type);
    if (code != null) {
      error.put("code", code);
    }
    error.put("message", message);
    return json(status, Map.of("error", error));
  }
}
