package com.qastco.voice.runtime.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * The Streamable HTTP transport of one Business's MCP server, fed by {@link McpController} (the SDK's own
 * transports are servlets; the runtime serves on Netty). A request is answered when the server has answered it:
 * one JSON-RPC message as JSON, several (notifications before the result) as a finished event stream. There is no
 * server-initiated stream (GET answers 405, which the specification allows), so nothing is held open per client.
 * Sessions live here, so a session id only ever means something to the Business it was opened with.
 */
final class McpHttpTransport implements McpStreamableServerTransportProvider {
  static final String SESSION_HEADER = "Mcp-Session-Id";
  private final McpJsonMapper json;
  private final Clock clock;
  private final Map<String, Live> sessions = new ConcurrentHashMap<>();
  private volatile McpStreamableServerSession.Factory factory;
  private volatile Instant lastRequest;

  /** What the controller sends back: status, content type, body, and the session id when one was opened. */
  record Reply(int status, String contentType, String body, String sessionId) {}

  private static final class Live {
    final McpStreamableServerSession session;
    volatile Instant lastUsed;

    Live(McpStreamableServerSession session, Instant now) {
      this.session = session;
      this.lastUsed = now;
    }
  }

  private final int maxSessions;

  /** @param maxSessions sessions the Business may hold open here; each keeps its state in memory until it ends */
  McpHttpTransport(McpJsonMapper json, Clock clock, int maxSessions) {
    this.maxSessions = maxSessions;
    this.json = json;
    this.clock = clock;
    this.lastRequest = clock.instant();
  }

  @Override
  public List<String> protocolVersions() {
    return List.of(ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18,
        ProtocolVersions.MCP_2025_11_25);
  }

  @Override
  public void setSessionFactory(McpStreamableServerSession.Factory factory) {
    this.factory = factory;
  }

  /** @param context what the tools need to know about the request (the caller's identity), beside the session */
  Reply post(String body, String sessionId, Map<String, Object> context) {
    lastRequest = clock.instant();
    McpSchema.JSONRPCMessage message;
    try {
      message = McpSchema.deserializeJsonRpcMessage(json, body);
    } catch (IOException | IllegalArgumentException e) {
      return error(400, null, McpSchema.ErrorCodes.PARSE_ERROR, "Not a JSON-RPC message: " + e.getMessage());
    }
    if (message instanceof McpSchema.JSONRPCRequest request
        && McpSchema.METHOD_INITIALIZE.equals(request.method())) {
      return initialize(request);
    }
    if (sessionId == null || sessionId.isBlank()) {
      return error(400, idOf(message), McpSchema.ErrorCodes.INVALID_REQUEST,
          "Missing " + SESSION_HEADER + " header: initialize first");
    }
    Live live = sessions.get(sessionId);
    if (live == null) {
      return error(404, idOf(message), McpSchema.ErrorCodes.INVALID_REQUEST,
          "Unknown or expired MCP session: initialize a new one");
    }
    live.lastUsed = clock.instant();
    Map<String, Object> values = new HashMap<>(context);
    values.put(McpContext.SESSION, sessionId);
    if (message instanceof McpSchema.JSONRPCRequest request) {
      values.put(McpContext.REQUEST_ID, String.valueOf(request.id()));
    }
    McpTransportContext transportContext = McpTransportContext.create(values);
    if (message instanceof McpSchema.JSONRPCResponse response) {
      live.session.accept(response).contextWrite(c -> c.put(McpTransportContext.KEY, transportContext)).block();
      return new Reply(202, null, null, null);
    }
    if (message instanceof McpSchema.JSONRPCNotification notification) {
      live.session.accept(notification).contextWrite(c -> c.put(McpTransportContext.KEY, transportContext))
          .block();
      return new Reply(202, null, null, null);
    }
    McpSchema.JSONRPCRequest request = (McpSchema.JSONRPCRequest) message;
    Collected collected = new Collected();
    live.session.responseStream(request, collected)
        .contextWrite(c -> c.put(McpTransportContext.KEY, transportContext)).block();
    return collected.reply();
  }

  private Reply initialize(McpSchema.JSONRPCRequest request) {
    if (sessions.size() >= maxSessions) {
      return error(429, request.id(), McpSchema.ErrorCodes.INVALID_REQUEST, "This business has " + maxSessions
          + " MCP sessions open already: end one (DELETE /mcp) or let one expire");
    }
    McpSchema.InitializeRequest init = json.convertValue(request.params(), new TypeRef<>() { });
    McpStreamableServerSession.McpStreamableServerSessionInit started = factory.startSession(init);
    sessions.put(started.session().getId(), new Live(started.session(), clock.instant()));
    McpSchema.InitializeResult result = started.initResult().block();
    return new Reply(200, "application/json", write(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION,
        request.id(), result, null)), started.session().getId());
  }

  /** A client ending its session (DELETE). */
  Reply delete(String sessionId) {
    Live live = sessionId == null ? null : sessions.remove(sessionId);
    if (live == null) {
      return error(404, null, McpSchema.ErrorCodes.INVALID_REQUEST, "Unknown or expired MCP session");
    }
    live.session.delete().block();
    return new Reply(200, null, null, null);
  }

  /**
   * Ends the sessions not used for {@code idle}; true when nothing is left and no request came in that long
   * (so a session being opened right now is never dropped with its server).
   */
  boolean expire(Duration idle) {
    Instant cutoff = clock.instant().minus(idle);
    sessions.entrySet().removeIf(entry -> {
      if (entry.getValue().lastUsed.isBefore(cutoff)) {
        entry.getValue().session.close();
        return true;
      }
      return false;
    });
    return sessions.isEmpty() && lastRequest.isBefore(cutoff);
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    return Mono.empty(); // no server-initiated stream: clients re-read resources (they are always current)
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(() -> {
      sessions.values().forEach(live -> live.session.close());
      sessions.clear();
    });
  }

  private Reply error(int status, Object id, int code, String message) {
    McpError error = McpError.builder(code).message(message).build();
    return new Reply(status, "application/json", write(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, id,
        null, error.getJsonRpcError())), null);
  }

  private static Object idOf(McpSchema.JSONRPCMessage message) {
    return message instanceof McpSchema.JSONRPCRequest request ? request.id() : null;
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The messages the server sends while answering one request; the request's answer is the last. */
  private final class Collected implements McpStreamableServerTransport {
    private final List<String> messages = new ArrayList<>();

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      return sendMessage(message, null);
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
      return Mono.fromRunnable(() -> {
        synchronized (messages) {
          messages.add(write(message));
        }
      });
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
      return json.convertValue(data, type);
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.empty();
    }

    Reply reply() {
      synchronized (messages) {
        if (messages.size() == 1) {
          return new Reply(200, "application/json", messages.get(0), null);
        }
        StringBuilder events = new StringBuilder();
        messages.forEach(m -> events.append("event: message\ndata: ").append(m).append("\n\n"));
        return new Reply(200, "text/event-stream", events.toString(), null);
      }
    }
  }
}
