package com.qastco.voice.runtime.mcp;

import com.qastco.voice.integrations.Json;
import com.qastco.voice.integrations.agent.ToolPack;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.tools.ToolService;
import io.micronaut.scheduling.annotation.Scheduled;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One MCP server per Business, made when its first client connects and dropped when its last session has expired;
 * a Business whose type changed gets a new one (its tools differ).
 */
@Singleton
public class McpServers {
  private final TenantDirectory tenants;
  private final ToolService tools;
  private final McpConfig config;
  private final Clock clock;
  private final McpJsonMapper json;
  private final JsonSchemaValidator validator;
  private final Map<UUID, BusinessMcpServer> servers = new ConcurrentHashMap<>();
  private final com.qastco.voice.runtime.knowledge.KnowledgeBase knowledge;

  public McpServers(TenantDirectory tenants, ToolService tools, McpConfig config, Clock clock,
                    com.qastco.voice.runtime.knowledge.KnowledgeBase knowledge) {
    this.knowledge = knowledge;
    this.tenants = tenants;
    this.tools = tools;
    this.config = config;
    this.clock = clock;
    this.json = new JacksonMcpJsonMapper(Json.MAPPER);
    this.validator = new SchemaValidator(Json.MAPPER);
  }

  McpHttpTransport of(Tenant tenant) {
    return servers.compute(tenant.businessId(), (id, server) -> {
      if (server != null && server.toolset().equals(ToolPack.forSpec(tenant.spec()))) {
        return server;
      }
      if (server != null) {
        server.close();
      }
      return new BusinessMcpServer(tenant, tenants, tools, knowledge, json, validator, new McpHttpTransport(json, clock,
          config.getMaxSessionsPerBusiness()));
    }).transport();
  }

  /** Ends idle sessions, and the servers left without any. */
  @Scheduled(fixedDelay = "1m", initialDelay = "1m")
  public void expireIdle() {
    expire(config.getSessionIdle());
  }

  void expire(java.time.Duration idle) {
    servers.entrySet().removeIf(entry -> {
      if (entry.getValue().transport().expire(idle)) {
        entry.getValue().close();
        return true;
      }
      return false;
    });
  }

  @PreDestroy
  void close() {
    servers.values().forEach(BusinessMcpServer::close);
    servers.clear();
  }
}
