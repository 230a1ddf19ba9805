package com.qastco.voice.local;

import com.qastco.voice.api.v1alpha1.CustomTool;
import com.qastco.voice.api.v1alpha1.ToolParameters;
import com.qastco.voice.embedded.LoopbackTls;
import com.qastco.voice.integrations.Json;
import com.qastco.voice.runtime.outbox.WebhookSignature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The local run's stand-in for a pizzeria's own server: {@code check_delivery_area}, a custom tool of the demo
 * restaurant, answering whether a postcode is delivered to. It checks the Standard Webhooks signature with the
 * Business's webhook secret as a real endpoint would, and serves https on loopback (the runtime refuses anything
 * else; the local run allows 127.0.0.1 for this stand-in only).
 */
final class LocalDeliveryArea implements AutoCloseable {
  private static final List<String> DELIVERED = List.of("10115", "10117", "10119", "10178");
  private final HttpsServer server;
  private final Supplier<Optional<String>> secret;

  private LocalDeliveryArea(HttpsServer server, Supplier<Optional<String>> secret) {
    this.server = server;
    this.secret = secret;
  }

  /** Listens on a free loopback port; {@code secret} gives the Business's webhook secret once it has one. */
  static LocalDeliveryArea start(Supplier<Optional<String>> secret) throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(LoopbackTls.serverContext(List.of())));
    LocalDeliveryArea endpoint = new LocalDeliveryArea(server, secret);
    server.createContext("/delivery-area", endpoint::answer);
    server.start();
    return endpoint;
  }

  /** The tool as the demo Business declares it. */
  CustomTool tool() {
    return new CustomTool("check_delivery_area", "Whether the restaurant delivers to the caller's postcode, and how"
        + " long delivery takes there. Ask for the postcode first.",
        "https://127.0.0.1:" + server.getAddress().getPort() + "/delivery-area",
        new ToolParameters("object", Map.of("postcode", Json.MAPPER.valueToTree(Map.of("type", "string",
            "pattern", "^[0-9]{5}$", "description", "The caller's five-digit postcode"))), List.of("postcode")), 3);
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (!signed(exchange, body)) {
        reply(exchange, 401, Map.of("error", "bad signature"));
        return;
      }
      String postcode = Json.tree(body).path("arguments").path("postcode").asText("");
      boolean delivered = DELIVERED.contains(postcode);
      reply(exchange, 200, Map.of("ok", true, "say", delivered
          ? "Yes, we deliver to " + postcode + "; it takes about 35 minutes."
          : "Sorry, " + postcode + " is outside our delivery area; you are welcome to pick up.",
          "data", Map.of("postcode", postcode, "delivered", delivered)));
    }
  }

  private boolean signed(HttpExchange exchange, String body) {
    String id = exchange.getRequestHeaders().getFirst(WebhookSignature.ID);
    String timestamp = exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP);
    String signatures = exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE);
    if (id == null || timestamp == null || signatures == null || !timestamp.matches("^[0-9]{1,12}$")
        || Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > 300 || secret.get().isEmpty()) {
      return false; // unsigned, or older than Standard Webhooks' five minutes (a replay)
    }
    byte[] expected = WebhookSignature.sign(secret.get().get(), id, Long.parseLong(timestamp), body)
        .getBytes(StandardCharsets.UTF_8);
    for (String signature : signatures.split(" ")) {
      if (MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8))) {
        return true;
      }
    }
    return false;
  }

  private static void reply(HttpExchange exchange, int status, Map<String, Object> answer) throws IOException {
    byte[] bytes = Json.write(answer).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
