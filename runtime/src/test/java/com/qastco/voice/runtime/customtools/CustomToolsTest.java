package com.qastco.voice.runtime.customtools;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.api.v1alpha1.CustomTool;
import com.qastco.voice.api.v1alpha1.ToolParameters;
import com.qastco.voice.integrations.Json;
import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.outbound.TestDns;
import com.qastco.voice.embedded.LoopbackTls;
import com.qastco.voice.runtime.outbox.WebhookSignature;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.tools.ToolCalls;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A Business's own tools: called by the runtime with the agent's arguments, signed, exactly once, and whatever the
 * endpoint does the caller hears a sentence. The endpoints are https servers with a certificate the runtime
 * verifies; the attacks aim at a second one that stands for what is inside the platform.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomToolsTest implements RuntimeTest {
  private final WireMockServer shop = https("127.0.0.3");
  /** Listens on every local address: whatever inside address an attack names, it would land here. */
  private final WireMockServer inside = https("0.0.0.0");

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  io.micrometer.core.instrument.MeterRegistry meters;

  @MockBean(DnsResolver.class)
  DnsResolver dns() {
    return new TestDns();
  }

  private static WireMockServer https(String address) {
    WireMockServer server = new WireMockServer(options().bindAddress(address).httpDisabled(true)
        .dynamicHttpsPort().keystorePath(LoopbackTls.keystore(TestDns.CERTIFIED).toString())
        .keystorePassword(LoopbackTls.PASSWORD).keyManagerPassword(LoopbackTls.PASSWORD).keystoreType("PKCS12"));
    server.start();
    return server;
  }

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(RuntimeTest.super.getProperties());
    // The shop stands in for a Business's server on the internet: its address is let through on purpose.
    properties.put("voice.outbound.allowed-cidrs", "127.0.0.3/32");
    return properties;
  }

  @AfterEach
  void reset() {
    shop.resetAll();
    inside.resetAll();
  }

  @AfterAll
  void stop() {
    shop.stop();
    inside.stop();
  }

  private String shopUrl(String path) {
    return "https://" + TestDns.SHOP + ":" + shop.httpsPort() + path;
  }

  private static CustomTool stockTool(String url, int timeoutSeconds) {
    return new CustomTool("check_stock", "Whether a product is in stock, by its SKU.", url,
        new ToolParameters("object", Map.of("sku", Json.MAPPER.valueToTree(Map.of("type", "string",
            "pattern", "^[A-Z0-9-]{3,20}$"))), List.of("sku")), timeoutSeconds);
  }

  private Registered shopWith(CustomTool... tools) {
    Registered registered = TestTenants.register(directory, "mario-pizza.yaml", false);
    TestTenants.editSpec(directory, registered, s -> withTools(s, List.of(tools)));
    return registered;
  }

  static BusinessSpec withTools(BusinessSpec s, List<CustomTool> tools) {
    return new BusinessSpec(s.displayName(), s.type(), s.contact(), s.subdomain(), s.customDomains(), s.plan(),
        s.billing(), s.locale(), s.hours(), s.voice(), s.phoneNumbers(), s.widget(), s.branding(),
        s.notifications(), s.handover(), tools, s.integrations(), s.suspended());
  }

  private Tenant tenant(Registered registered) {
    return directory.byKey(registered.secretKey()).orElseThrow().tenant();
  }

  private void answers(String json) {
    shop.stubFor(post(urlEqualTo("/stock")).willReturn(aResponse().withHeader("Content-Type", "application/json")
        .withBody(json)));
  }

  @Test
  void theAgentSaysTheEndpointsAnswerAndTheRequestIsSignedLikeTheBusinesssWebhooks() throws Exception {
    Registered mario = shopWith(stockTool(shopUrl("/stock"), 3));
    answers("{\"say\": \"Yes, we have 4 of those left.\", \"data\": {\"count\": 4}}");
    ToolCalls call = ToolCalls.startWithoutCatalog(http, mario);

    Answer answer = call.tool("check_stock", Map.of("sku", "GF-BASE"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.get("ok")).isEqualTo(true);
    assertThat(answer.get("say")).isEqualTo("Yes, we have 4 of those left.");
    assertThat(answer.get("count")).isEqualTo(4);
    LoggedRequest request = shop.findAll(anyRequestedFor(urlEqualTo("/stock"))).get(0);
    JsonNode body = Json.tree(request.getBodyAsString());
    assertThat(body.path("tool").asText()).isEqualTo("check_stock");
    assertThat(body.path("arguments").path("sku").asText()).isEqualTo("GF-BASE");
    assertThat(body.path("businessId").asText()).isEqualTo(mario.businessId().toString());
    String secret = directory.credentials(tenant(mario)).orElseThrow().webhookSecret();
    String id = request.getHeader(WebhookSignature.ID);
    long timestamp = Long.parseLong(request.getHeader(WebhookSignature.TIMESTAMP));
    assertThat(request.getHeader(WebhookSignature.SIGNATURE))
        .isEqualTo(WebhookSignature.sign(secret, id, timestamp, request.getBodyAsString()));
    assertThat(request.getBodyAsString()).doesNotContain(call.token()).doesNotContain(secret);
    // The agent was given the tool, with a timeout longer than the endpoint's (the runtime gives up first).
    JsonNode selected = TestEnvironment.ULTRAVOX.lastCallRequest().path("selectedTools");
    assertThat(selected.findValues("modelToolName").stream().map(JsonNode::asText)).contains("check_stock");
    assertThat(selected.toString()).contains("\"timeout\":\"4.5s\"");
    // The tenant names its tools: the metric calls them all "custom", or each name would be a series of its own.
    assertThat(meters.find("voice.tool.duration").tag("tool", "custom").timer()).isNotNull();
    assertThat(meters.find("voice.tool.duration").tag("tool", "check_stock").timer()).isNull();
  }

  @Test
  void aRepeatedInvocationGetsTheFirstAnswerWithoutCallingTheEndpointAgain() {
    Registered mario = shopWith(stockTool(shopUrl("/stock"), 3));
    answers("{\"say\": \"Reserved one for you.\"}");
    ToolCalls call = ToolCalls.startWithoutCatalog(http, mario);

    Answer first = call.tool("check_stock", Map.of("sku", "GF-BASE"), "inv-1");
    Answer again = call.tool("check_stock", Map.of("sku", "GF-BASE"), "inv-1");

    assertThat(again.get("say")).isEqualTo(first.get("say")).isEqualTo("Reserved one for you.");
    assertThat(shop.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
  }

  @Test
  void argumentsOutsideTheToolsSchemaAreRefusedBeforeTheEndpointIsCalled() {
    Registered mario = shopWith(stockTool(shopUrl("/stock"), 3));
    ToolCalls call = ToolCalls.startWithoutCatalog(http, mario);

    Answer refused = call.tool("check_stock", Map.of("sku", "not a sku!"));
    Answer missing = call.tool("check_stock", Map.of());

    assertThat(refused.get("ok")).isEqualTo(false);
    assertThat(refused.get("say")).asString().startsWith("I couldn't do that:").contains("sku");
    assertThat(missing.get("say")).asString().contains("required property 'sku'");
    assertThat(shop.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void aSlowFailingOrOversizedEndpointGivesTheAgentASentenceAndTheOwnerTheReason() {
    Registered mario = shopWith(stockTool(shopUrl("/stock"), 1));
    Map<String, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder> failures = Map.of(
        "did not answer within 1 s", aResponse().withFixedDelay(2500).withBody("{}"),
        "answered 500", aResponse().withStatus(500).withBody("java.lang.NullPointerException at Shop.java:12"),
        "longer than the platform reads", aResponse().withHeader("Content-Type", "application/json")
            .withBody("{\"say\": \"" + "x".repeat(20_000) + "\"}"),
        "neither a JSON object nor plain text", aResponse().withHeader("Content-Type", "text/html")
            .withBody("<html>Bad gateway</html>"),
        "does not follow redirects", aResponse().withStatus(302)
            .withHeader("Location", "https://127.0.0.1:" + inside.httpsPort() + "/admin"));

    failures.forEach((problem, response) -> {
      shop.stubFor(any(anyUrl()).willReturn(response));
      ToolCalls call = ToolCalls.startWithoutCatalog(http, mario); // a new call: the same arguments, not a repeat
      long started = System.nanoTime();
      Answer answer = call.tool("check_stock", Map.of("sku", "GF-BASE"));
      long millis = (System.nanoTime() - started) / 1_000_000;

      assertThat(answer.status()).as(problem).isEqualTo(200);
      assertThat(answer.get("ok")).as(problem).isEqualTo(false);
      assertThat(answer.get("say")).as(problem).asString().startsWith("I'm sorry, I couldn't get that information");
      assertThat(answer.get("problem")).as(problem).asString().contains(problem);
      assertThat(answer.toString()).as(problem).doesNotContain("NullPointerException", "Bad gateway");
      assertThat(millis).as(problem).isLessThan(4500); // within what Ultravox waits (timeout + 1.5 s)
    });
    assertThat(inside.findAll(anyRequestedFor(anyUrl()))).isEmpty(); // the redirect was not followed
  }

  @Test
  void aFailureThatMayPassIsNotJournalledSoAskingAgainCallsTheEndpointAgain() {
    Registered mario = shopWith(stockTool(shopUrl("/stock"), 2));
    ToolCalls call = ToolCalls.startWithoutCatalog(http, mario);
    shop.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));

    Answer failed = call.tool("check_stock", Map.of("sku", "GF-BASE"));
    answers("{\"inStock\": true, \"count\": 4}");
    Answer retried = call.tool("check_stock", Map.of("sku", "GF-BASE"));

    assertThat(failed.get("ok")).isEqualTo(false);
    assertThat(retried.get("ok")).isEqualTo(true);
    assertThat(retried.get("say")).isEqualTo("inStock: true, count: 4.");
    // Both attempts carry one webhook-id: the endpoint can tell they are the same invocation.
    List<LoggedRequest> requests = shop.findAll(anyRequestedFor(anyUrl()));
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).getHeader(WebhookSignature.ID)).isEqualTo(requests.get(1).getHeader(
        WebhookSignature.ID));
  }

  @Test
  void noToolUrlReachesInsideThePlatformWhateverItsNameResolvesTo() {
    int port = inside.httpsPort();
    inside.stubFor(any(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json")
        .withBody("{\"say\": \"internal data\"}")));
    List<String> attacks = List.of(
        "https://127.0.0.1:" + port + "/internal",
        "https://127.0.0.2:" + port + "/internal",
        "https://[::1]:" + port + "/internal",
        "https://[::ffff:127.0.0.1]:" + port + "/internal",
        "https://localhost:" + port + "/internal",
        "https://" + TestDns.REBINDING + ":" + port + "/internal", // a public-looking name, 127.0.0.2 inside
        "https://" + TestDns.METADATA + "/latest/meta-data/",
        "https://169.254.169.254/latest/meta-data/",
        "https://10.0.0.1/internal",
        "https://redis.voice.svc.cluster.local:" + port + "/internal",
        "https://kubernetes.default.svc/api",
        "https://redis:" + port + "/internal"); // a Service's short name, completed by the pod's search domains
    for (String url : attacks) {
      Registered attacker = shopWith(stockTool(url, 2));
      Answer answer = ToolCalls.startWithoutCatalog(http, attacker).tool("check_stock", Map.of("sku", "ABC"));

      assertThat(answer.get("ok")).as(url).isEqualTo(false);
      assertThat(answer.get("problem")).as(url).isEqualTo("The check_stock endpoint URL's host is not a public"
          + " address; the platform calls only hosts on the internet");
    }
    assertThat(inside.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void anotherBusinessCanNeitherCallNorSeeTheTools() {
    Registered mario = shopWith(stockTool(shopUrl("/stock"), 3));
    Registered other = TestTenants.register(directory, "mario-pizza.yaml", false);
    answers("{\"say\": \"Yes.\"}");
    ToolCalls mariosCall = ToolCalls.startWithoutCatalog(http, mario);
    ToolCalls othersCall = ToolCalls.startWithoutCatalog(http, other);

    Answer unknown = othersCall.tool("check_stock", Map.of("sku", "GF-BASE"));
    // Mario's call token at the other Business's address: the token belongs to Mario.
    Answer crossed = new ToolCalls(http, other, mariosCall.token(), mariosCall.callId())
        .tool("check_stock", Map.of("sku", "GF-BASE"));

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(crossed.status()).isEqualTo(401);
    assertThat(TestEnvironment.ULTRAVOX.lastCallRequest().toString()).doesNotContain("check_stock");
    assertThat(shop.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }
}
