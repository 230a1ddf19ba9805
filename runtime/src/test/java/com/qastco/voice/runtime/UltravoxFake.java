package com.qastco.voice.runtime;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;

/**
 * Ultravox's call API as its contract describes it (shared/reference/ultravox-contract.md §1–2): {@code POST
 * /api/calls} with {@code X-API-Key}, answering 201 with a fresh call id and join URL; 401 for a wrong key;
 * and, on demand, the 429 (with Retry-After), 5xx and slow answers the real service gives.
 */
public final class UltravoxFake {
  public static final String API_KEY = "fake1234.ultravoxtestkeyultravoxtestkey12";
  private final WireMockServer server = new WireMockServer(options().dynamicPort());

  UltravoxFake() {
    server.start();
    reset();
  }

  public String baseUrl() {
    return "http://localhost:" + server.port() + "/api";
  }

  /** Back to a healthy service. */
  public void reset() {
    server.resetAll();
    server.stubFor(post(urlEqualTo("/api/calls")).atPriority(10)
        .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
            .withBody("{\"detail\":\"Invalid API key.\"}")));
    server.stubFor(post(urlEqualTo("/api/calls")).atPriority(5).withHeader("X-API-Key", equalTo(API_KEY))
        .willReturn(created()));
  }

  /** The next calls are answered with {@code response} instead. */
  public void answer(ResponseDefinitionBuilder response) {
    server.stubFor(post(urlEqualTo("/api/calls")).atPriority(1).willReturn(response));
  }

  public List<LoggedRequest> callRequests() {
    return server.findAll(postRequestedFor(urlEqualTo("/api/calls")));
  }

  public JsonNode lastCallRequest() {
    List<LoggedRequest> requests = callRequests();
    try {
      return new ObjectMapper().readTree(requests.get(requests.size() - 1).getBodyAsString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The per-call token the runtime gave Ultravox for its tools in the last call it created. */
  public String lastCallToken() {
    return lastCallRequest().path("selectedTools").get(0).path("authTokens").path("callToken").asText();
  }

  /** The call id Ultravox answered for the last call. */
  public String lastCallId() {
    var events = server.getAllServeEvents();
    return events.stream().filter(e -> e.getResponse().getStatus() == 201).findFirst()
        .map(e -> {
          try {
            return new ObjectMapper().readTree(e.getResponse().getBodyAsString()).path("callId").asText();
          } catch (java.io.IOException x) {
            throw new java.io.UncheckedIOException(x);
          }
        }).orElseThrow();
  }

  private static ResponseDefinitionBuilder created() {
    return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
        .withTransformers("response-template")
        .withBody("{\"callId\":\"{{randomValue type='UUID'}}\","
            + "\"joinUrl\":\"wss://voice.ultravox.example/calls/{{randomValue length=12 type='ALPHANUMERIC'}}\","
            + "\"created\":\"{{now}}\",\"joined\":null,\"ended\":null,\"endReason\":null,"
            + "\"billingStatus\":\"BILLING_STATUS_PENDING\"}");
  }
}
