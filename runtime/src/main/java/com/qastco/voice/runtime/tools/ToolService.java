package com.qastco.voice.runtime.tools;

import com.qastco.voice.integrations.Json;
import com.qastco.voice.integrations.agent.ToolDefinition;
import com.qastco.voice.integrations.agent.ToolPack;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.qastco.voice.api.credentials.ApiKey;
import com.qastco.voice.runtime.storage.DatabaseException;
import com.qastco.voice.runtime.events.LiveEventBus;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Runs a tool exactly once per (call, invocation): the answer is journalled in the same transaction as what the
 * tool wrote, and a repeat (an Ultravox retry, an interrupted caller asking again) gets the first answer back.
 * When two identical invocations race, the journal's primary key lets one commit; the other rolls back its
 * writes and returns the winner's answer.
 */
@Singleton
public class ToolService {
  private final TenantDatabase database;
  private final LiveEventBus events;
  private final io.micrometer.core.instrument.MeterRegistry meters;
  private final Map<String, ToolHandler> handlers;
  private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

  public ToolService(TenantDatabase database, List<ToolHandlers> packs, LiveEventBus events,
                     io.micrometer.core.instrument.MeterRegistry meters) {
    this.meters = meters;
    this.database = database;
    this.events = events;
    this.handlers = registry(packs);
  }

  /** Every tool an agent may be given, bound to its work: a tool without a handler stops the start, not a call. */
  static Map<String, ToolHandler> registry(List<ToolHandlers> packs) {
    Map<String, ToolHandler> handlers = packs.stream().flatMap(p -> p.handlers().stream())
        .collect(Collectors.toMap(ToolHandler::name, h -> h));
    List<String> unhandled = ToolPack.all().stream().map(ToolDefinition::name)
        .filter(name -> !handlers.containsKey(name)).sorted().toList();
    if (!unhandled.isEmpty()) {
      throw new IllegalStateException("Tools without a handler: " + String.join(", ", unhandled));
    }
    return Map.copyOf(handlers);
  }

  /** The invocation's identity when the client sends none: the same tool with the same arguments. */
  public static String invocationKey(String tool, Map<String, Object> arguments) {
    return "args:" + ApiKey.sha256(tool + ":" + Json.write(arguments));
  }

  public ToolAnswer invoke(ToolCall call, String callId, ToolDefinition tool, Map<String, Object> arguments,
                           String invocationKey) {
    boolean[] fresh = {false};
    long started = System.nanoTime();
    ToolAnswer answer = invokeOnce(call, callId, tool, arguments, invocationKey, fresh);
    Tenant tenant = call.tenant();
    UUID sessionId = call.sessionId();
    // By tool and outcome only: a tag per Business would make a series per tenant.
    meters.timer("voice.tool.duration", "tool", tool.name(), "ok", Boolean.toString(answer.ok()),
        "repeat", Boolean.toString(!fresh[0])).record(System.nanoTime() - started,
        java.util.concurrent.TimeUnit.NANOSECONDS);
    if (fresh[0]) { // published once the answer is committed, and never again for a repeat
      events.publish(tenant, "tool.executed", sessionId, Map.of("tool", tool.name(), "ok", answer.ok(),
          "say", answer.say()));
      String announced = handlers.get(tool.name()).liveEvent();
      if (answer.ok() && announced != null) {
        events.publish(tenant, announced, sessionId, answer.data());
      }
    }
    return answer;
  }

  /**
   * A tool that only reads (the catalog, the hours, who the Business is), run for another channel's read (an MCP
   * resource): no call, no journal entry, no live event.
   */
  public ToolAnswer read(Tenant tenant, ToolDefinition tool) {
    return database.inTenant(tenant.businessId(),
        c -> handlers.get(tool.name()).work().run(c, ToolCall.of(tenant, null), Map.of()));
  }

  private ToolAnswer invokeOnce(ToolCall call, String callId, ToolDefinition tool, Map<String, Object> arguments,
                                String invocationKey, boolean[] fresh) {
    Tenant tenant = call.tenant();
    UUID sessionId = call.sessionId();
    Optional<String> invalid = validate(tool, arguments);
    long started = System.nanoTime();
    try {
      return database.inTenant(tenant.businessId(), c -> {
        if (sessionId != null) { // tools called over MCP belong to no voice session
          markJoined(c, sessionId);
        }
        Optional<ToolAnswer> earlier = journalled(c, callId, invocationKey);
        if (earlier.isPresent()) {
          return earlier.get();
        }
        fresh[0] = true;
        Savepoint beforeTool = c.setSavepoint();
        ToolAnswer answer = invalid.isPresent() ? ToolAnswer.refuse(invalid.get())
            : handlers.get(tool.name()).work().run(c, call, arguments);
        if (!answer.ok()) {
          c.rollback(beforeTool); // a refusal leaves nothing behind but its journal entry
        }
        journal(c, tenant, callId, invocationKey, tool.name(), arguments, answer, started);
        return answer;
      });
    } catch (DatabaseException e) {
      if (DatabaseException.UNIQUE_VIOLATION.equals(e.sqlState())) {
        fresh[0] = false; // a concurrent identical invocation won; its answer is the one
        return database.inTenant(tenant.businessId(), c -> journalled(c, callId, invocationKey)).orElseThrow(() -> e);
      }
      throw e;
    }
  }

  private Optional<String> validate(ToolDefinition tool, Map<String, Object> arguments) {
    JsonSchema schema = schemas.computeIfAbsent(tool.name(), n -> JsonSchemaFactory
        .getInstance(SpecVersion.VersionFlag.V202012).getSchema(Json.MAPPER.valueToTree(tool.inputSchema())));
    Set<ValidationMessage> problems = schema.validate(Json.MAPPER.valueToTree(arguments));
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("I couldn't do that: " + problems.stream()
        .map(m -> m.getMessage().replaceFirst("^\\$\\.?", "")).sorted().collect(Collectors.joining("; ")) + ".");
  }

  /** A tool call is proof that the caller joined; the first one moves the session to joined. */
  private static void markJoined(Connection c, UUID sessionId) throws SQLException {
    try (PreparedStatement update = c.prepareStatement("UPDATE voice_session SET status = 'joined',"
        + " joined_at = now() WHERE id = ? AND status = 'created'")) {
      update.setObject(1, sessionId);
      update.executeUpdate();
    }
  }

  private static Optional<ToolAnswer> journalled(Connection c, String callId, String key) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT result FROM tool_invocation"
        + " WHERE call_id = ? AND invocation_key = ?")) {
      select.setString(1, callId);
      select.setString(2, key);
      try (ResultSet r = select.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        JsonNode result = Json.tree(r.getString(1));
        Map<String, Object> data = Json.MAPPER.convertValue(result.path("data"), Map.class);
        return Optional.of(new ToolAnswer(result.path("ok").asBoolean(), result.path("say").asText(),
            data == null ? Map.of() : data));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new SQLException("Unreadable journal entry", e);
      }
    }
  }

  private static void journal(Connection c, Tenant tenant, String callId, String key, String tool,
                              Map<String, Object> arguments, ToolAnswer answer, long started) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO tool_invocation (business_id, call_id,"
        + " invocation_key, tool, arguments, status, result, duration_ms) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?)")) {
      Map<String, Object> result = new HashMap<>();
      result.put("ok", answer.ok());
      result.put("say", answer.say());
      result.put("data", answer.data());
      insert.setObject(1, tenant.businessId());
      insert.setString(2, callId);
      insert.setString(3, key);
      insert.setString(4, tool);
      insert.setString(5, Json.write(arguments));
      insert.setInt(6, answer.ok() ? 200 : 422);
      insert.setString(7, Json.write(result));
      insert.setInt(8, (int) ((System.nanoTime() - started) / 1_000_000));
      insert.executeUpdate();
    }
  }

}
