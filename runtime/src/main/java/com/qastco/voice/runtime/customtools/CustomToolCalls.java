package com.qastco.voice.runtime.customtools;

import com.qastco.voice.api.v1alpha1.CustomTool;
import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.integrations.Json;
import com.qastco.voice.integrations.agent.ToolDefinition;
import com.qastco.voice.runtime.outbound.TenantHttp;
import com.qastco.voice.runtime.outbox.WebhookSignature;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.tools.RemoteTools;
import com.qastco.voice.runtime.tools.ToolCall;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Calls a Business's own tool: its current URL and timeout from the spec, the request signed as the Business's
 * webhook events are (Standard Webhooks, with the Business's webhook secret and the invocation's id as
 * {@code webhook-id}), sent through {@link TenantHttp} (public addresses only, no redirects, one deadline, the
 * answer's size capped) and read by {@link ToolReply}.
 */
@Singleton
public class CustomToolCalls implements RemoteTools {
  /** Enough for a sentence and a few values; a larger answer is refused rather than read to the caller. */
  static final int MAX_ANSWER_BYTES = 16 * 1024;
  private final TenantDirectory tenants;
  private final TenantHttp http;
  private final Clock clock;

  public CustomToolCalls(TenantDirectory tenants, TenantHttp http, Clock clock) {
    this.tenants = tenants;
    this.http = http;
    this.clock = clock;
  }

  @Override
  public Result call(ToolCall call, ToolDefinition tool, String invocationId, Map<String, Object> arguments) {
    Tenant tenant = call.tenant();
    Optional<CustomTool> declared = tenant.spec().toolsOrEmpty().stream()
        .filter(t -> t.name().equals(tool.name())).findFirst();
    if (declared.isEmpty()) {
      return new Result(ToolReply.refusal(tool.name(), "The Business no longer has a tool " + tool.name()), true);
    }
    Optional<String> secret = tenants.credentials(tenant).map(c -> c.webhookSecret());
    if (secret.isEmpty()) {
      return new Result(ToolReply.refusal(tool.name(), "The Business's signing secret is not available yet"), false);
    }
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("id", invocationId);
    envelope.put("type", "tool.call");
    envelope.put("tool", tool.name());
    envelope.put("businessId", tenant.businessId().toString());
    envelope.put("sessionId", call.sessionId() == null ? null : call.sessionId().toString());
    envelope.put("test", call.test());
    envelope.put("arguments", arguments);
    String body = Json.write(envelope);
    long timestamp = clock.instant().getEpochSecond();
    try {
      TenantHttp.Reply reply = http.postJson(tool.name() + " endpoint", URI.create(declared.get().url()),
          WebhookSignature.headers("voice-platform-tools/1", secret.get(), invocationId, timestamp, body), body,
          Duration.ofSeconds(declared.get().timeoutSecondsOrDefault()), MAX_ANSWER_BYTES);
      return ToolReply.of(tool.name(), reply);
    } catch (ExternalSystemException e) {
      return ToolReply.of(tool.name(), e);
    } catch (IllegalArgumentException e) {
      return new Result(ToolReply.refusal(tool.name(), "The " + tool.name() + " URL is not a URL"), true);
    }
  }
}
