package com.qastco.voice.runtime.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.qastco.voice.api.v1alpha1.BusinessType;
import com.qastco.voice.api.v1alpha1.Hours;
import com.qastco.voice.api.v1alpha1.OpeningHours;
import com.qastco.voice.integrations.agent.SystemPrompt;
import com.qastco.voice.integrations.agent.ToolDefinition;
import com.qastco.voice.integrations.agent.ToolPack;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestHttp;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.catalog.CatalogCsv;
import com.qastco.voice.runtime.catalog.CatalogItemRequest;
import com.qastco.voice.runtime.catalog.CatalogKind;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.events.LiveEvent;
import com.qastco.voice.runtime.events.LiveEventBus;
import com.qastco.voice.runtime.outbox.OutboxRepository;
import com.qastco.voice.runtime.storage.Listing;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The MCP endpoint with the SDK's own client against the running runtime (real PostgreSQL and Redis): every tool,
 * resource and the prompt of each kind of business, the same journal, outbox and live events as the voice path,
 * and tenants kept apart.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpServerTest implements RuntimeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCEPT = "application/json, text/event-stream";

  @Inject
  EmbeddedServer server;

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  CatalogCsv csv;

  @Inject
  CatalogRepository catalog;

  @Inject
  OutboxRepository outbox;

  @Inject
  LiveEventBus events;

  @Inject
  McpServers servers;

  private final List<McpSyncClient> clients = new ArrayList<>();

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new java.util.HashMap<>(RuntimeTest.super.getProperties());
    properties.put("voice.mcp.max-sessions-per-business", "4");
    for (String plan : List.of("starter", "professional", "enterprise")) {
      properties.put("voice.plans." + plan + ".requests-per-minute-per-key", "60");
      properties.put("voice.plans." + plan + ".requests-per-minute", "80");
    }
    return properties;
  }

  @AfterEach
  void closeClients() {
    clients.forEach(McpSyncClient::closeGracefully);
    clients.clear();
  }

  private Registered business(String example) {
    Registered tenant = TestTenants.register(directory, example, false);
    try (var reader = Files.newBufferedReader(Path.of("../examples/catalogs/" + example.replace(".yaml", ".csv")))) {
      catalog.insertAll(tenant.businessId(), csv.parse(reader).items());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tenant;
  }

  private McpSyncClient client(String key) {
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(server.getURL()
            .toString()).endpoint("/mcp")
        .requestBuilder(java.net.http.HttpRequest.newBuilder().header("Authorization", "Bearer " + key))
        .build();
    McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(10))
        .jsonSchemaValidator(new SchemaValidator(JSON)).build();
    clients.add(client);
    return client;
  }

  private static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
    return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
  }

  private static String text(McpSchema.CallToolResult result) {
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> data(McpSchema.CallToolResult result) {
    return (Map<String, Object>) result.structuredContent();
  }

  private static String monday(String zone) {
    return LocalDate.now(ZoneId.of(zone)).with(TemporalAdjusters.next(DayOfWeek.MONDAY)).toString();
  }

  /** Valid arguments for every tool of the three example businesses. */
  private static Map<String, Object> arguments(String tool) {
    String monday = monday("America/Chicago");
    return switch (tool) {
      case "place_order" -> Map.of("items", List.of(Map.of("name", "Margherita Pizza", "quantity", 2)),
          "customerName", "Ann", "customerPhone", "+14155550199");
      case "order_status" -> Map.of("orderNumber", 1);
      case "check_availability" -> Map.of("service", "Blood Test", "date", monday);
      case "book_appointment" -> Map.of("service", "Blood Test", "date", monday, "time", "14:00",
          "customerName", "Di", "customerPhone", "+13125550300");
      case "reschedule_appointment" -> Map.of("date", monday, "time", "14:00", "newDate", monday,
          "newTime", "15:00");
      case "cancel_appointment" -> Map.of("date", monday, "time", "15:00");
      case "create_ticket" -> Map.of("category", "billing questions", "subject", "Charged twice");
      case "ticket_status" -> Map.of("ticketNumber", 1);
      case "search_knowledge" -> Map.of("question", "parking");
      case "transfer_to_staff" -> Map.of("reason", "a question", "customerPhone", "+14155550142");
      default -> Map.of();
    };
  }

  @Test
  void everyToolOfEachKindOfBusinessIsListedWithItsSchemaAndWorks() {
    for (String example : List.of("mario-pizza.yaml", "dr-smith.yaml", "techsupport.yaml")) {
      Registered tenant = business(example);
      BusinessType type = directory.byId(tenant.businessId()).orElseThrow().spec().type();
      McpSyncClient client = client(tenant.secretKey());

      McpSchema.InitializeResult init = client.initialize();
      List<McpSchema.Tool> tools = client.listTools().tools();

      assertThat(init.capabilities().tools()).isNotNull();
      assertThat(tools).extracting(McpSchema.Tool::name)
          .containsExactlyElementsOf(ToolPack.forType(type).stream().map(ToolDefinition::name).toList());
      Object confirmationCode = null; // booked before it is moved and cancelled (the pack's order)
      for (McpSchema.Tool tool : tools) { // one definition, two transports
        ToolDefinition definition = ToolPack.forType(type).stream().filter(t -> t.name().equals(tool.name())).findFirst().orElseThrow();
        com.fasterxml.jackson.databind.JsonNode listed = JSON.valueToTree(tool.inputSchema());
        assertThat(listed).as(tool.name()).isEqualTo(JSON.valueToTree(definition.inputSchema()));
        Map<String, Object> arguments = new java.util.HashMap<>(arguments(tool.name()));
        if (tool.name().equals("cancel_appointment") || tool.name().equals("reschedule_appointment")) {
          arguments.put("confirmationCode", confirmationCode);
        }
        McpSchema.CallToolResult result = call(client, tool.name(), arguments);
        if (tool.name().equals("book_appointment")) {
          confirmationCode = data(result).get("confirmationCode");
        }
        assertThat(result.isError()).as(example + " " + tool.name() + ": " + text(result)).isFalse();
        assertThat(text(result)).isNotBlank();
      }
      assertThat(client.listResources().resources()).hasSize(4).allSatisfy(resource ->
          assertThat(read(client, resource.uri())).as(resource.uri()).startsWith("{").hasSizeGreaterThan(10));
      assertThat(client.listPrompts().prompts()).hasSize(1);
    }
  }

  @Test
  void anMcpOrderIsJournalledSentToTheOutboxAndShownLiveLikeAnyOther() {
    Registered mario = business("mario-pizza.yaml");
    McpSyncClient client = client(mario.secretKey());
    client.initialize();

    McpSchema.CallToolResult placed = call(client, "place_order", arguments("place_order"));

    assertThat(placed.isError()).isFalse();
    assertThat(text(placed)).contains("37.98");
    Object number = data(placed).get("orderNumber");
    assertThat(outbox.list(mario.businessId(), new Listing.Filter(null, null, null, 50, 0)).items())
        .filteredOn(e -> e.event().equals("order.placed")).singleElement()
        .satisfies(e -> assertThat(JSON.readTree(e.payload()).path("number").asInt()).isEqualTo(number));
    List<LiveEvent> live = events.stream(directory.byId(mario.businessId()).orElseThrow(), "0-0", e -> true)
        .take(2).collectList().block(Duration.ofSeconds(10));
    assertThat(live).extracting(LiveEvent::type).containsExactly("tool.executed", "order.placed");
    assertThat(live.get(1).data()).containsEntry("orderNumber", number);
  }

  @Test
  void badArgumentsAreAToolErrorTheClientCanShow() {
    Registered mario = business("mario-pizza.yaml");
    McpSyncClient client = client(mario.secretKey());
    client.initialize();

    McpSchema.CallToolResult empty = call(client, "place_order", Map.of("items", List.of()));
    McpSchema.CallToolResult unknown = call(client, "place_order", Map.of("items",
        List.of(Map.of("name", "Hawaiian Pizza", "quantity", 1))));

    assertThat(empty.isError()).isTrue();
    assertThat(text(empty)).startsWith("I couldn't do that:").contains("items");
    assertThat(unknown.isError()).isTrue();
    assertThat(text(unknown)).contains("Hawaiian Pizza");
    assertThat(outbox.list(mario.businessId(), new Listing.Filter(null, null, null, 50, 0)).items()).isEmpty();
  }

  @Inject
  com.qastco.voice.runtime.knowledge.KnowledgeBase knowledge;

  @Test
  void resourcesAndThePromptAreReadableAndCurrent() {
    Registered mario = business("mario-pizza.yaml");
    McpSyncClient client = client(mario.secretKey());
    client.initialize();
    String base = "business://" + mario.name() + "/";

    assertThat(client.listResources().resources()).extracting(McpSchema.Resource::uri)
        .containsExactlyInAnyOrder(base + "info", base + "hours", base + "catalog", base + "knowledge");
    assertThat(read(client, base + "knowledge")).isEqualTo("{\"entries\":[]}");
    knowledge.create(directory.byId(mario.businessId()).orElseThrow(), new com.qastco.voice.runtime.knowledge
        .KnowledgeBase.Draft("faq", "Parking", "Behind the shop."));
    assertThat(read(client, base + "knowledge")).contains("\"title\":\"Parking\"", "Behind the shop.");
    assertThat(read(client, base + "info")).contains("Mario's Pizza Palace");
    assertThat(read(client, base + "catalog")).contains("Margherita Pizza").doesNotContain("Calzone Royale");
    assertThat(read(client, base + "hours")).contains("\"day\":\"friday\"", "23:30");

    catalog.insert(mario.businessId(), new CatalogItemRequest(CatalogKind.MENU_ITEM, "Calzone Royale", null,
        new java.math.BigDecimal("15.50"), null, null, true));
    TestTenants.setHours(directory, mario, new Hours(List.of(new OpeningHours(OpeningHours.Day.MONDAY, "10:00",
        "14:00")), null, null));

    assertThat(read(client, base + "catalog")).contains("Calzone Royale");
    assertThat(read(client, base + "hours")).contains("14:00").doesNotContain("23:30");

    assertThat(client.listPrompts().prompts()).extracting(McpSchema.Prompt::name).containsExactly("serve_customers");
    McpSchema.GetPromptResult prompt = client.getPrompt(new McpSchema.GetPromptRequest("serve_customers", Map.of()));
    assertThat(((McpSchema.TextContent) prompt.messages().get(0).content()).text())
        .isEqualTo(SystemPrompt.of(directory.byId(mario.businessId()).orElseThrow().spec()));
  }

  private static String read(McpSyncClient client, String uri) {
    return ((McpSchema.TextResourceContents) client.readResource(new McpSchema.ReadResourceRequest(uri))
        .contents().get(0)).text();
  }

  private Answer post(String bearer, String host, String session, String body) {
    var request = HttpRequest.POST("/mcp", body).contentType(MediaType.APPLICATION_JSON).header("Accept", ACCEPT);
    if (bearer != null) {
      request.header("Authorization", bearer);
    }
    if (host != null) {
      request.header("Host", host);
    }
    if (session != null) {
      request.header(McpHttpTransport.SESSION_HEADER, session);
    }
    return TestHttp.send(http, request);
  }

  private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
      + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";

  /** A session opened by hand (as a client without the SDK would), returning its id. */
  private String open(Registered tenant) {
    Answer init = post(tenant.bearer(), null, null, INITIALIZE);
    assertThat(init.status()).isEqualTo(200);
    String session = init.headers().get(McpHttpTransport.SESSION_HEADER);
    assertThat(post(tenant.bearer(), null, session,
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").status()).isEqualTo(202);
    return session;
  }

  private static String toolCall(int id, String tool, Map<String, Object> arguments) {
    try {
      return JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", id, "method", "tools/call",
          "params", Map.of("name", tool, "arguments", arguments)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRequestSentAgainIsAnsweredFromTheJournal() {
    Registered mario = business("mario-pizza.yaml");
    String session = open(mario);

    Answer first = post(mario.bearer(), null, session, toolCall(7, "place_order", arguments("place_order")));
    Answer again = post(mario.bearer(), null, session, toolCall(7, "place_order", arguments("place_order")));
    Answer next = post(mario.bearer(), null, session, toolCall(8, "place_order", arguments("place_order")));

    Map<String, Object> firstOrder = (Map<String, Object>) ((Map<String, Object>) first.get("result"))
        .get("structuredContent");
    assertThat(again.get("result")).isEqualTo(first.get("result"));
    assertThat(firstOrder.get("orderNumber")).isEqualTo(1);
    assertThat(((Map<String, Object>) ((Map<String, Object>) next.get("result")).get("structuredContent"))
        .get("orderNumber")).isEqualTo(2);
  }

  @Test
  void missingWrongAndOtherBusinessesKeysAreRefused() {
    Registered mario = business("mario-pizza.yaml");
    Registered clinic = business("dr-smith.yaml");

    Answer none = post(null, null, null, INITIALIZE);
    Answer wrong = post("Bearer sk_not-a-key", null, null, INITIALIZE);
    Answer publishable = post("Bearer " + mario.publishableKey(), null, null, INITIALIZE);
    Answer elsewhere = post(clinic.bearer(), mario.host(), null, INITIALIZE);

    assertThat(List.of(none, wrong, publishable)).allSatisfy(a -> {
      assertThat(a.status()).isEqualTo(401);
      assertThat(a.headers().get("WWW-Authenticate")).startsWith("Bearer");
      assertThat(a.get("jsonrpc")).isEqualTo("2.0");
    });
    Answer rebound = TestHttp.send(http, HttpRequest.POST("/mcp", INITIALIZE).contentType(MediaType.APPLICATION_JSON)
        .header("Accept", ACCEPT).header("Authorization", mario.bearer()).header("Origin", "http://attacker.test"));
    assertThat(rebound.status()).isEqualTo(403);
    assertThat(elsewhere.status()).isEqualTo(403);
    assertThat(elsewhere.get("error").toString()).contains("another business");
    assertThatThrownBy(() -> client("sk_not-a-key").initialize()).isNotNull();
    assertThat(none.toString() + wrong + publishable + elsewhere).doesNotContain(clinic.secretKey(),
        mario.secretKey());
  }

  @Test
  @SuppressWarnings("unchecked")
  void aSessionOfOneBusinessMeansNothingToAnother() {
    Registered mario = business("mario-pizza.yaml");
    Registered clinic = business("dr-smith.yaml");
    String marioSession = open(mario);

    // The clinic's key with Mario's session: looked up among the clinic's sessions only.
    Answer stolen = post(clinic.bearer(), null, marioSession, toolCall(1, "get_menu", Map.of()));
    Answer tools = post(clinic.bearer(), null, open(clinic), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");

    assertThat(stolen.status()).isEqualTo(404);
    assertThat(stolen.toString()).doesNotContain("Margherita");
    List<Map<String, Object>> listed = (List<Map<String, Object>>) ((Map<String, Object>) tools.get("result"))
        .get("tools");
    assertThat(listed).extracting(t -> t.get("name")).doesNotContain("get_menu", "place_order");
    assertThat(post(mario.bearer(), null, marioSession, toolCall(3, "get_menu", Map.of())).status())
        .isEqualTo(200);
  }

  @Test
  void aBusinessHoldsOnlySoManySessionsAndEndingOneFreesItsPlace() {
    Registered mario = business("mario-pizza.yaml");
    List<String> open = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      open.add(open(mario));
    }

    Answer fifth = post(mario.bearer(), null, null, INITIALIZE);
    assertThat(fifth.status()).isEqualTo(429);
    assertThat(fifth.get("error").toString()).contains("4 MCP sessions open already");
    assertThat(open(business("dr-smith.yaml"))).isNotBlank(); // another Business's are its own

    assertThat(TestHttp.send(http, HttpRequest.DELETE("/mcp").header("Authorization", mario.bearer())
        .header("Mcp-Session-Id", open.get(0))).status()).isEqualTo(200);
    assertThat(open(mario)).isNotBlank();
  }

  @Test
  void idleSessionsExpire() {
    Registered mario = business("mario-pizza.yaml");
    String session = open(mario);

    servers.expireIdle(); // just used: kept
    assertThat(post(mario.bearer(), null, session, toolCall(1, "business_info", Map.of())).status())
        .isEqualTo(200);
    servers.expire(Duration.ZERO);

    Answer gone = post(mario.bearer(), null, session, toolCall(2, "business_info", Map.of()));
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.get("error").toString()).contains("initialize a new one");
  }

  @Test
  void aFloodingClientIsRateLimitedWhileAnotherBusinessIsServed() {
    Registered flooder = business("mario-pizza.yaml");
    Registered neighbour = business("techsupport.yaml");
    McpSyncClient calm = client(neighbour.secretKey());
    calm.initialize();

    CompletableFuture<List<Integer>> flood = CompletableFuture.supplyAsync(() -> IntStream.range(0, 150)
        .mapToObj(i -> post(flooder.bearer(), null, null, INITIALIZE).status()).toList());
    List<Boolean> served = IntStream.range(0, 10)
        .mapToObj(i -> call(calm, "business_hours", Map.of()).isError()).toList();

    assertThat(flood.join()).filteredOn(s -> s == 429).hasSizeGreaterThanOrEqualTo(85);
    assertThat(served).containsOnly(false);
  }
}
