package com.qastco.voice.runtime.mcp;

import com.qastco.voice.api.v1alpha1.BusinessType;
import com.qastco.voice.integrations.agent.SystemPrompt;
import com.qastco.voice.integrations.agent.ToolDefinition;
import com.qastco.voice.integrations.agent.ToolPack;
import com.qastco.voice.runtime.knowledge.KnowledgeBase;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.tools.ToolAnswer;
import com.qastco.voice.runtime.tools.ToolCall;
import com.qastco.voice.runtime.tools.ToolService;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * One Business's MCP server: its tool pack as tools (the same definitions and the same {@link ToolService} path as
 * the Ultravox tools), what it is, its hours, its catalog and its knowledge as resources, and the voice agent's instructions as a
 * prompt. It is bound to one Business when built; every read looks the Business up again, so a change to its spec
 * shows at once.
 */
final class BusinessMcpServer {
  private static final int KNOWLEDGE_SHOWN = 200;
  private final UUID businessId;
  private final BusinessType type;
  private final List<ToolDefinition> toolset;
  private final TenantDirectory tenants;
  private final ToolService tools;
  private final McpJsonMapper json;
  private final McpHttpTransport transport;
  private final McpAsyncServer server;

  private final KnowledgeBase knowledge;

  BusinessMcpServer(Tenant tenant, TenantDirectory tenants, ToolService tools, KnowledgeBase knowledge,
                    McpJsonMapper json, JsonSchemaValidator validator, McpHttpTransport transport) {
    this.knowledge = knowledge;
    this.businessId = tenant.businessId();
    this.type = tenant.spec().type();
    this.toolset = ToolPack.forSpec(tenant.spec());
    this.tenants = tenants;
    this.tools = tools;
    this.json = json;
    this.transport = transport;
    this.server = McpServer.async(transport)
        .serverInfo("voice-agent-platform/" + tenant.subdomain(), "1")
        .instructions("Tools and data of " + tenant.displayName() + ": use them to serve its customers.")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).prompts(false)
            .build())
        .jsonMapper(json)
        .jsonSchemaValidator(validator)
        // Arguments are checked by ToolService against the same schema, so that a refusal is a tool answer the
        // client can show (and is journalled), exactly as on the voice path.
        .validateToolInputs(false)
        .tools(toolset.stream().map(this::tool).toList())
        .resources(resources(tenant))
        .prompts(prompt())
        .build();
  }

  /** The tools this server lists: its type's and the Business's own, as they were when it was built. */
  List<ToolDefinition> toolset() {
    return toolset;
  }

  McpHttpTransport transport() {
    return transport;
  }

  void close() {
    server.close();
  }

  private McpServerFeatures.AsyncToolSpecification tool(ToolDefinition definition) {
    McpSchema.Tool tool = McpSchema.Tool.builder().name(definition.name()).description(definition.description())
        .inputSchema(definition.inputSchema()).build();
    return McpServerFeatures.AsyncToolSpecification.builder().tool(tool)
        .callHandler((exchange, request) -> Mono.fromCallable(() -> call(exchange, definition, request)))
        .build();
  }

  private McpSchema.CallToolResult call(McpAsyncServerExchange exchange, ToolDefinition definition,
                                        McpSchema.CallToolRequest request) {
    Tenant tenant = current();
    String session = (String) exchange.transportContext().get(McpContext.SESSION);
    String requestId = (String) exchange.transportContext().get(McpContext.REQUEST_ID);
    Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
    // The journal's call is the MCP session and its invocation the JSON-RPC id: a client that sends a request
    // again (after a lost answer) gets the first answer, and nothing is done twice.
    ToolAnswer answer = tools.invoke(ToolCall.of(tenant, null), "mcp:" + session, definition, arguments, "mcp:" + requestId);
    return McpSchema.CallToolResult.builder().addTextContent(answer.say()).structuredContent(answer.body())
        .isError(!answer.ok()).build();
  }

  private List<McpServerFeatures.AsyncResourceSpecification> resources(Tenant tenant) {
    List<McpServerFeatures.AsyncResourceSpecification> resources = new ArrayList<>();
    resources.add(resource(tenant, "info", "Business information", "Who the business is and how to reach it.",
        "business_info"));
    resources.add(resource(tenant, "hours", "Opening hours", "Weekly hours, closures, and whether it is open now.",
        "business_hours"));
    catalogTool(type).ifPresent(name -> resources.add(resource(tenant, "catalog", "Catalog",
        "What customers can order, book or ask about.", name)));
    resources.add(resource(tenant, "knowledge", "Knowledge", "The business's own answers: FAQ entries and"
        + " documents (the latest " + KNOWLEDGE_SHOWN + ").", () -> Map.of("entries",
        knowledge.all(current(), KNOWLEDGE_SHOWN).stream().map(e -> Map.of("id", e.id().toString(),
            "kind", e.kind(), "title", e.title(), "body", e.body())).toList())));
    return resources;
  }

  /** The tool whose answer is the catalog of this kind of business. */
  private static Optional<String> catalogTool(BusinessType type) {
    return Optional.ofNullable(switch (type) {
      case RESTAURANT -> "get_menu";
      case APPOINTMENT -> "list_services";
      case SUPPORT -> "list_categories";
      default -> null;
    });
  }

  private McpServerFeatures.AsyncResourceSpecification resource(Tenant tenant, String path, String name,
                                                               String description, String toolName) {
    ToolDefinition reader = ToolPack.find(tenant.spec(), toolName).orElseThrow();
    return resource(tenant, path, name, description, () -> tools.read(current(), reader).data());
  }

  private McpServerFeatures.AsyncResourceSpecification resource(Tenant tenant, String path, String name,
                                                               String description,
                                                               java.util.function.Supplier<Object> content) {
    String uri = "business://" + tenant.subdomain() + "/" + path;
    McpSchema.Resource resource = McpSchema.Resource.builder().uri(uri).name(path).title(name)
        .description(description).mimeType("application/json").build();
    return new McpServerFeatures.AsyncResourceSpecification(resource, (exchange, request) -> Mono.fromCallable(
        () -> new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, "application/json",
            write(content.get()))))));
  }

  private McpServerFeatures.AsyncPromptSpecification prompt() {
    McpSchema.Prompt prompt = new McpSchema.Prompt("serve_customers", "How to serve this business's customers",
        "The instructions this business's voice agent works by, for an assistant serving its customers.",
        List.of());
    return new McpServerFeatures.AsyncPromptSpecification(prompt, (exchange, request) -> Mono.fromCallable(() ->
        new McpSchema.GetPromptResult("How to serve the customers of " + current().displayName(),
            List.of(new McpSchema.PromptMessage(McpSchema.Role.USER,
                new McpSchema.TextContent(SystemPrompt.of(current().spec())))))));
  }

  /** The Business as it is now; gone (deleted) or suspended, nothing more is served. */
  private Tenant current() {
    Tenant tenant = tenants.byId(businessId)
        .orElseThrow(() -> McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST).message("This business is gone")
            .build());
    if (tenant.suspended()) {
      throw McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST)
          .message(tenant.displayName() + " is suspended").build();
    }
    return tenant;
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
