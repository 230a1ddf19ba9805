package com.qastco.voice.runtime.mcp;

import com.qastco.voice.api.credentials.ApiKey;
import com.qastco.voice.integrations.Json;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.modelcontextprotocol.spec.McpSchema;
import io.swagger.v3.oas.annotations.Operation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /mcp} on a Business's host: its MCP server over Streamable HTTP, for any MCP client holding the Business's
 * secret key. The key picks the Business; on a host of another Business it is refused, and a session id is only
 * looked up among the sessions of the key's own Business.
 */
@Controller("/mcp")
public class McpController {
  private static final String BEARER = "Bearer ";
  private final TenantDirectory tenants;
  private final McpServers servers;

  public McpController(TenantDirectory tenants, McpServers servers) {
    this.tenants = tenants;
    this.servers = servers;
  }

  @Operation(summary = "MCP Streamable HTTP: one JSON-RPC message (Authorization: Bearer sk_…)")
  @Post(consumes = MediaType.APPLICATION_JSON, produces = {MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM})
  public HttpResponse<String> post(@Body String body, @Nullable @Header(HttpHeaders.AUTHORIZATION) String key,
                                   @Nullable @Header(HttpHeaders.HOST) String host,
                                   @Nullable @Header(HttpHeaders.ORIGIN) String origin,
                                   @Nullable @Header(McpHttpTransport.SESSION_HEADER) String session) {
    Access access = authorize(key, host, origin);
    if (access.refusal() != null) {
      return access.refusal();
    }
    return reply(servers.of(access.tenant()).post(body, session, Map.of()));
  }

  @Operation(summary = "MCP: end a session")
  @Delete
  public HttpResponse<String> delete(@Nullable @Header(HttpHeaders.AUTHORIZATION) String key,
                                     @Nullable @Header(HttpHeaders.HOST) String host,
                                     @Nullable @Header(HttpHeaders.ORIGIN) String origin,
                                     @Nullable @Header(McpHttpTransport.SESSION_HEADER) String session) {
    Access access = authorize(key, host, origin);
    if (access.refusal() != null) {
      return access.refusal();
    }
    return reply(servers.of(access.tenant()).delete(session));
  }

  /** No server-initiated stream: the specification lets a server answer 405, and clients then work by request. */
  @Get
  public HttpResponse<String> stream() {
    return HttpResponse.<String>status(HttpStatus.METHOD_NOT_ALLOWED).header(HttpHeaders.ALLOW, "POST, DELETE");
  }

  private record Access(Tenant tenant, HttpResponse<String> refusal) {}

  private Access authorize(String authorization, String host, String origin) {
    if (authorization == null || !authorization.startsWith(BEARER)) {
      return refused(HttpStatus.UNAUTHORIZED, "Missing key: send the business's secret key as 'Authorization:"
          + " Bearer sk_…'");
    }
    Optional<TenantDirectory.KeyMatch> match = tenants.byKey(authorization.substring(BEARER.length()).trim());
    if (match.isEmpty() || match.get().type() != ApiKey.KeyType.secret) {
      return refused(HttpStatus.UNAUTHORIZED, "Unknown or expired key: MCP needs the business's secret key");
    }
    Tenant tenant = match.get().tenant();
    Optional<Tenant> atHost = tenants.byHost(host);
    if (atHost.isPresent() && !atHost.get().businessId().equals(tenant.businessId())) {
      return refused(HttpStatus.FORBIDDEN, "This key belongs to another business than this address");
    }
    // The specification asks servers to check Origin (DNS rebinding): a browser page may only reach this server
    // from the Business's own site or an origin it allowed for its widget. Other clients send no Origin.
    if (origin != null && !origin.equals(tenant.url()) && !tenant.allowedOrigins().contains(origin)) {
      return refused(HttpStatus.FORBIDDEN, "Origin " + origin + " is not allowed for this business");
    }
    if (tenant.suspended()) {
      return refused(HttpStatus.FORBIDDEN, tenant.displayName() + " is suspended; no data was deleted");
    }
    return new Access(tenant, null);
  }

  private static Access refused(HttpStatus status, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", McpSchema.ErrorCodes.INVALID_REQUEST);
    error.put("message", message);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("jsonrpc", McpSchema.JSONRPC_VERSION);
    body.put("id", null);
    body.put("error", error);
    MutableHttpResponse<String> response = HttpResponse.<String>status(status).contentType(MediaType.APPLICATION_JSON)
        .body(Json.write(body));
    if (status == HttpStatus.UNAUTHORIZED) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"mcp\"");
    }
    return new Access(null, response);
  }

  private static HttpResponse<String> reply(McpHttpTransport.Reply reply) {
    MutableHttpResponse<String> response = HttpResponse.status(HttpStatus.valueOf(reply.status()));
    if (reply.body() != null) {
      response.contentType(reply.contentType()).body(reply.body());
    }
    if (reply.sessionId() != null) {
      response.header(McpHttpTransport.SESSION_HEADER, reply.sessionId());
    }
    return response;
  }

}
