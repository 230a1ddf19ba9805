package com.qastco.voice.runtime.tools;

import com.qastco.voice.integrations.agent.CallTemplate;
import com.qastco.voice.integrations.agent.ToolDefinition;
import com.qastco.voice.integrations.agent.ToolPack;
import com.qastco.voice.api.credentials.ApiKey;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.sessions.SessionRepository;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tools Ultravox calls during a call, at the Business's own host: {@code POST /api/v1/tools/<name>} with the
 * per-call token (header {@value #TOKEN_HEADER}) minted when the call was created, and the call id Ultravox adds.
 * The token must belong to this Business and to that call.
 */
@Controller("/api/v1/tools")
public class ToolController {
  public static final String TOKEN_HEADER = CallTemplate.TOKEN_HEADER;
  private final TenantDirectory tenants;
  private final ToolService tools;

  public ToolController(TenantDirectory tenants, ToolService tools) {
    this.tenants = tenants;
    this.tools = tools;
  }

  @Post("/{tool}")
  public Map<String, Object> invoke(String tool, @Header("Host") @Nullable String host,
                                    @Header(TOKEN_HEADER) @Nullable String token,
                                    @Header("X-Invocation-Id") @Nullable String invocationId,
                                    @Body Map<String, Object> body) {
    Tenant tenant = tenants.byHost(host).orElseThrow(() -> ApiException.notFound("No business at this address"));
    if (tenant.suspended()) {
      throw ApiException.forbidden("business_suspended", tenant.displayName() + " is suspended");
    }
    if (token == null || token.isBlank()) {
      throw ApiException.unauthorized("Missing call token (" + TOKEN_HEADER + ")");
    }
    Object callId = body.get("callId");
    String tokenHash = ApiKey.sha256(token);
    Map<String, Object> arguments = new LinkedHashMap<>(body);
    arguments.remove("callId");
    String key = invocationId != null && !invocationId.isBlank() ? "id:" + invocationId
        : ToolService.invocationKey(tool, arguments);
    return tools.invoke(tenant, c -> {
      // Checked on the tool's own connection, in its transaction: no round trips of its own.
      SessionRepository.ToolSession session = SessionRepository.byToolToken(c, tokenHash)
          .filter(s -> s.callId() != null && s.callId().equals(callId))
          .orElseThrow(() -> ApiException.unauthorized("The call token is not valid for this business and call"));
      if (!session.status().equals("created") && !session.status().equals("joined")) {
        // A token lives as long as its call: one read from a finished call's logs starts nothing new.
        throw ApiException.unauthorized("The call has ended; its token no longer works");
      }
      ToolDefinition definition = ToolPack.find(tenant.spec(), tool)
          .orElseThrow(() -> ApiException.notFound("No tool '" + tool + "' for " + tenant.displayName()));
      if (session.status().equals("created")) {
        SessionRepository.markJoined(c, session.id());
      }
      return new ToolService.Admitted(ToolCall.of(tenant, session.id()), session.callId(), definition);
    }, arguments, key).body();
  }
}
